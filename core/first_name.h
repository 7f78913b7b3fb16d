// The first name in a customer's one name field, for greetings («{name}, с днём рождения!»).
// Russian lists write «Фамилия Имя [Отчество]» as often as «Имя Фамилия»: «Васильева Елена»
// was greeted «Васильева, …», which reads as rude.
#pragma once

#include <string>
#include <string_view>

namespace kopilka::core {

// The word that is most likely the first name: the second when the first ends as Russian
// surnames do (-ов, -ева, -ский, -енко…; -ин/-ина only before a word that does not) and the
// second neither does nor is a patronymic (-вна, -вич…); otherwise the first. "" for "".
std::string first_name(std::string_view full_name);

}  // namespace kopilka::core
