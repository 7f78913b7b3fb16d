// The table of English error messages → Russian. Each English pattern is matched whole;
// "{}" stands for any text and "{n}" for a whole number, and the Russian text takes the
// same parts in the same order. Parts that are themselves messages or type names
// ("a string") are translated too.
#include "cli/error_text_ru.h"

#include <optional>
#include <regex>
#include <string_view>
#include <vector>

namespace kopilka::cli {

namespace {

struct Pattern {
  const char* en;
  const char* ru;
};

// More specific patterns come before the general ones they would also match.
constexpr Pattern kPatterns[] = {
    // core/program_parse.cc
    {"a program must be a JSON object", "программа должна быть объектом JSON"},
    {"is not a field of this program kind", "такого поля нет у программ этого вида"},
    {"is required for this kind", "обязательно для программ этого вида"},
    {"is required", "обязательное поле"},
    {"must be 1 to 64 of a-z, 0-9, - and _", "должно состоять из 1–64 символов a-z, 0-9, - и _"},
    {"unknown kind \"{}\"; one of {}", "неизвестный вид \"{}\"; возможны: {}"},
    {"a percent must be a number", "процент должен быть числом"},
    {"a percent is not a number", "процент должен быть числом"},
    {"a percent is out of range", "процент вне допустимого диапазона"},
    {"a percent may have at most two decimals (12.5)",
     "в проценте не больше двух знаков после запятой (12.5)"},
    {"must be more than 0 and at most 100", "должно быть больше 0 и не больше 100"},
    {"must be true or false", "должно быть true или false"},
    {"must be a string in quotes, not {}", "должно быть строкой в кавычках, а здесь {}"},
    {"must be a string", "должно быть строкой"},
    {"must be a non-empty string", "должно быть непустой строкой"},
    {"must be a non-empty string of at most 256 characters",
     "должно быть непустой строкой не длиннее 256 символов"},
    {"is required: a string", "обязательно: строка"},
    {"{} is a directory, not a file", "{} — это папка, а не файл"},
    {"must be an array of strings", "должно быть массивом строк"},
    {"must be an array of up to {n} codes", "должно быть массивом не более чем из {} кодов"},
    {"must be a non-empty array of levels", "должно быть непустым массивом уровней"},
    {"must be a non-empty array of up to {n} lines",
     "должно быть непустым массивом не более чем из {} строк"},
    {"must be a non-empty array", "должно быть непустым массивом"},
    {"must be an object", "должно быть объектом"},
    {"must be a table", "должно быть таблицей"},
    {"must be [[scanner]] tables", "должно быть таблицами [[scanner]]"},
    {"is longer than {n} characters", "длиннее {} символов"},
    {"is longer than {n} bytes", "длиннее {} байт"},
    {"has more than {n} items", "больше {} элементов"},
    {"has more than {n} lines", "больше {} строк"},
    {"has more than {n} decimal places", "больше {} знаков после запятой"},
    {"may have at most {n} decimals", "не больше {} знаков после запятой"},
    {"must be from {n} to {n} ms", "должно быть от {} до {} мс"},
    {"must be from {n} to {n}", "должно быть от {} до {}"},
    {"ends before it starts", "заканчивается раньше, чем начинается"},
    {"must be one of {}; did you mean {}?", "должно быть одним из: {}; может быть, {}?"},
    {"must be one of {}", "должно быть одним из: {}"},
    {"must be \"HH:MM-HH:MM\", like \"10:00-12:00\"",
     "должно быть в виде \"ЧЧ:ММ-ЧЧ:ММ\", например \"10:00-12:00\""},
    {"cannot limit groups when anyone is true", "нельзя ограничить группы, когда anyone = true"},
    {"must not be shorter than delay_days", "не может быть короче delay_days"},
    {"levels must be in increasing from_spent order",
     "уровни должны идти по возрастанию from_spent"},
    {"give exactly one of {} and {}", "укажите ровно одно из двух: {} или {}"},
    {"give either count with within_days, or every",
     "укажите либо count вместе с within_days, либо every"},
    {"must list at least one code", "нужен хотя бы один код"},
    {"must be a quantity above 0 with at most 3 decimals",
     "должно быть количеством больше 0, не больше 3 знаков после запятой"},
    // core/json_exact.cc, core/decimal.cc, core/time.cc (their messages reach the above)
    {"malformed JSON", "испорченный JSON"},
    // nlohmann's own words after the offset stay as they are, like toml++'s below.
    {"{}malformed JSON at byte {n}: {}", "{}испорченный JSON, байт {}: {}"},
    {"{}nested deeper than {n} levels", "{}вложенность глубже {} уровней"},
    {"must be a whole number of points (0 to 10^9) or \"max\"",
     "должно быть целым числом баллов (от 0 до 10^9) или \"max\""},
    {"must be a whole number of kopecks", "должно быть целым числом копеек"},
    {"must be a whole number from {n} to {n} kopecks",
     "должно быть целым числом от {} до {} копеек"},
    {"must be a whole number from {n} to {n} days", "должно быть целым числом от {} до {} дней"},
    {"must be a whole number from {n} to {n} {}", "должно быть целым числом от {} до {} ({})"},
    {"must be a whole number from {n} to {n}", "должно быть целым числом от {} до {}"},
    {"must be a whole number, not {} (write it without quotes)",
     "должно быть целым числом, а здесь {} (пишите без кавычек)"},
    {"must be a whole number, not {}", "должно быть целым числом, а здесь {}"},
    {"must be a whole number", "должно быть целым числом"},
    {"must be a number or a decimal string", "должно быть числом или строкой с десятичным числом"},
    {"must be a number", "должно быть числом"},
    {"is not a number", "не число"},
    {"is out of range", "вне допустимого диапазона"},
    {"must not be negative", "не может быть отрицательным"},
    {"is over 10^12 kopecks", "больше 10^12 копеек"},
    {"is over {n}", "больше {}"},
    {"is not a date (YYYY-MM-DD)", "не дата (ГГГГ-ММ-ДД)"},
    {"is not a valid calendar date", "такой даты нет в календаре"},
    {"is not an RFC 3339 time (2026-11-24T12:00:00+03:00)",
     "не время RFC 3339 (2026-11-24T12:00:00+03:00)"},
    {"must be from {} to {}", "должно быть от {} до {}"},
    {"unknown time zone \"{}\"", "неизвестный часовой пояс \"{}\""},
    // core/receipt_request.cc
    {"the body must be a JSON object", "тело запроса должно быть объектом JSON"},
    {"is not a known field", "неизвестное поле"},
    {"must not be empty", "не может быть пустым"},
    {"must be a line number from {n} to {n}", "должно быть номером строки от {} до {}"},
    {"must be more than 0", "должно быть больше 0"},
    {"must be at most {n}", "должно быть не больше {}"},
    {"must not contain control characters", "не может содержать управляющие символы"},
    {"a card number is 4 to 32 digits", "номер карты — от 4 до 32 цифр"},
    {"repeats another line's number", "повторяет номер другой строки"},
    {"the line amount is over 10^13 kopecks", "сумма строки больше 10^13 копеек"},
    {"the receipt amount is over 10^13 kopecks", "сумма чека больше 10^13 копеек"},
    {"must be kopecks", "должно быть суммой в копейках"},
    {"must be points", "должно быть числом баллов"},
    // daemon/routes_admin.cc
    {"this register is enrolled with head office: edit programs and cards there (a file of "
     "cards: kopilka-office import cards)",
     "касса подключена к головному офису: программы и карты меняются там (файл карт: "
     "kopilka-office import cards)"},
    // common/config_util.cc
    {"cannot read {}", "не удаётся прочитать {}"},
    {"{} can be read or changed by other users; run: chmod 0600 {} (or 0640 to let the "
     "service's group read it)",
     "{} могут читать или менять другие пользователи; выполните: chmod 0600 {} (или 0640, "
     "чтобы его могла читать группа службы)"},
    {"{}not valid TOML at line {n}: {}", "{}ошибка TOML в строке {}: {}"},
    {"unknown key; did you mean {}?", "неизвестный ключ; может быть, {}?"},
    {"unknown key", "неизвестный ключ"},
    {"must be host:port", "должно быть в виде хост:порт"},
    {"port must be 1-65535", "порт должен быть от 1 до 65535"},
    {"set exactly one of {} and {}", "задайте ровно одно из двух: {} или {}"},
    {"must be at least {n} characters", "должно быть не короче {} символов"},
    {"must be a duration like \"30s\", \"5m\" or \"2h\"",
     "должно быть длительностью, например \"30s\", \"5m\" или \"2h\""},
    // register/config.cc
    {"must be a directory path", "должно быть путём к каталогу"},
    {"must be \"ru\" or \"en\"", "должно быть \"ru\" или \"en\""},
    {"must be debug, info, warn or error", "должно быть debug, info, warn или error"},
    {"must differ from pos_token", "должно отличаться от pos_token"},
    {"the name is used twice", "это имя встречается дважды"},
    {"must be 10s to 24h", "должно быть от 10s до 24h"},
    {"must be https://…, or http://127.0.0.1:PORT for an office on this machine",
     "должно быть https://… или http://127.0.0.1:ПОРТ для офиса на этой же машине"},
    // drivers/scanner_config_toml.cc
    {"ends with a lone backslash", "заканчивается одиночной обратной косой чертой"},
    {"unknown escape \\{}", "неизвестная escape-последовательность \\{}"},
    {"must be milliseconds (50) or a duration (\"50ms\", \"2s\")",
     "должно быть числом миллисекунд (50) или длительностью (\"50ms\", \"2s\")"},
    {"\"{}\" has a fraction: write whole milliseconds, e.g. \"{}\"",
     "\"{}\" — дробное число: пишите целые миллисекунды, например \"{}\""},
    {"must be 1 to 64 characters", "должно быть от 1 до 64 символов"},
    {"must be a device path", "должно быть путём к устройству"},
    {"is not a valid regular expression", "не является правильным регулярным выражением"},
};

// Words that fill a "{}" of another message (config_util's type_name).
constexpr Pattern kParts[] = {
    {"a string", "строка"}, {"a number", "число"},  {"true/false", "true/false"},
    {"an array", "массив"}, {"a table", "таблица"}, {"a date or time", "дата или время"},
};

struct Compiled {
  std::regex en;
  std::string ru;
};

std::string regex_of(std::string_view en) {
  static constexpr std::string_view kSpecial = R"(\^$.|?*+()[]{})";
  std::string out;
  for (std::size_t i = 0; i < en.size(); ++i) {
    if (en.substr(i, 2) == "{}") {
      out += "(.*?)";
      ++i;
    } else if (en.substr(i, 3) == "{n}") {
      out += "(-?[0-9]+)";
      i += 2;
    } else {
      if (kSpecial.find(en[i]) != std::string_view::npos) out += '\\';
      out += en[i];
    }
  }
  return out;
}

const std::vector<Compiled>& table() {
  static const std::vector<Compiled> compiled = [] {
    std::vector<Compiled> out;
    for (const Pattern& p : kPatterns) out.push_back({std::regex(regex_of(p.en)), p.ru});
    return out;
  }();
  return compiled;
}

std::string part_ru(const std::string& part);

// The whole message matched against the table, or nullopt.
std::optional<std::string> match(const std::string& message) {
  for (const Compiled& c : table()) {
    std::smatch m;
    if (!std::regex_match(message, m, c.en)) continue;
    std::string out;
    std::size_t group = 1;
    std::string_view ru = c.ru;
    for (std::size_t i = 0; i < ru.size(); ++i) {
      if (ru.substr(i, 2) == "{}" && group < m.size()) {
        out += part_ru(m[group++].str());
        ++i;
      } else {
        out += ru[i];
      }
    }
    return out;
  }
  return std::nullopt;
}

std::string part_ru(const std::string& part) {
  for (const Pattern& p : kParts)
    if (part == p.en) return p.ru;
  if (auto whole = match(part)) return *whole;
  return part;
}

}  // namespace

std::string error_text_ru(const std::string& message) {
  // with_location's " (FILE, line N)" first, so that a "{}" at the end of a pattern does
  // not take it in.
  static const std::regex kLine(R"(^(.*) \((.*), line ([0-9]+)\)$)");
  std::smatch m;
  if (std::regex_match(message, m, kLine)) {
    std::string head = m[1].str();
    if (auto ru = match(head)) return *ru + " (" + m[2].str() + ", строка " + m[3].str() + ")";
  }
  if (auto whole = match(message)) return *whole;
  // " (FILE)" when with_location found no line.
  auto open = message.rfind(" (");
  if (open != std::string::npos && message.back() == ')') {
    if (auto ru = match(message.substr(0, open))) return *ru + message.substr(open);
  }
  return message;
}

std::string error_text(Lang lang, const std::string& message) {
  return lang == Lang::kRu ? error_text_ru(message) : message;
}

}  // namespace kopilka::cli
