// Head office's tables read back as text, and one of its migrations run again as an upgrade
// runs it: for the tests of a migration on either engine.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "office/sql.h"

namespace kopilka::schema {
const std::vector<std::string>& office_migrations();
const std::vector<std::string>& office_pg_migrations();
}  // namespace kopilka::schema

namespace kopilka::office::test {

// Every row the statements read, in turn, its columns joined by spaces (NULL as "-").
inline std::vector<std::string> text_rows(office::Sql& sql,
                                          std::initializer_list<const char*> statements) {
  std::vector<std::string> out;
  for (const char* statement : statements) {
    auto rows = sql.query(statement);
    REQUIRE(rows.ok());
    for (const auto& row : *rows) {
      std::string line;
      for (std::size_t c = 0; c < row.columns.size(); ++c)
        line += (c ? " " : "") + (row.is_null(c) ? std::string("-") : row.text(c));
      out.push_back(line);
    }
  }
  return out;
}

// Runs the statements of the office migration to `version` again, as an upgrade does.
inline void run_migration(office::Sql& sql, int version) {
  const auto& migrations =
      sql.is_postgresql() ? schema::office_pg_migrations() : schema::office_migrations();
  const std::string head = "Head office store, version " + std::to_string(version) + ":";
  const auto it = std::find_if(migrations.begin(), migrations.end(), [&](const std::string& m) {
    return m.find(head) != std::string::npos;
  });
  REQUIRE(it != migrations.end());
  std::string text;
  std::istringstream lines(*it);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("--", 0) != 0) text += line + "\n";
  for (std::size_t at = 0, end; (end = text.find(';', at)) != std::string::npos; at = end + 1)
    REQUIRE(sql.run(text.substr(at, end - at)).ok());
}

}  // namespace kopilka::office::test
