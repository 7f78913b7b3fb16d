// core/first_name.h: the name a greeting uses, in either Russian order.
#include "core/first_name.h"

#include <doctest/doctest.h>

using kopilka::core::first_name;

TEST_CASE("a greeting's name is the first name, surname first or last") {
  // «Васильева, дарим скидку…» read as rude: Russian lists put the surname first as often.
  CHECK(first_name("Васильева Елена") == "Елена");
  CHECK(first_name("Иванов Иван Иванович") == "Иван");
  CHECK(first_name("Пушкина Анна") == "Анна");
  CHECK(first_name("Анна Ёлкина") == "Анна");
  CHECK(first_name("Марина Иванова") == "Марина");   // -ина is a first name's ending too
  CHECK(first_name("Галина Петровна") == "Галина");  // before a patronymic
  CHECK(first_name("Ольга Лосева") == "Ольга");
  CHECK(first_name("Ёлкина Ирина") == "Ирина");
  CHECK(first_name("Anna Smith") == "Anna");
  CHECK(first_name("  Мария ") == "Мария");
  CHECK(first_name("") == "");
}
