// Codes to words; see words.h. One table: a code means the same wherever it is shown.
#include "cli/words.h"

#include <array>
#include <utility>

#include "core/json_exact.h"
#include "core/messages.h"
#include "core/money.h"

namespace kopilka::cli {

std::string points_phrase(const CliContext& ctx, std::int64_t n) {
  return core::points_text(n, ctx.lang == Lang::kRu ? core::Locale::kRu : core::Locale::kEn);
}

std::string code_word(const CliContext& ctx, std::string_view code) {
  if (ctx.lang != Lang::kRu) {
    if (code == "true") return "yes";
    if (code == "false") return "no";
    return std::string(code);
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kRu = {{
      {"true", "да"},
      {"false", "нет"},
      // loyalty on a receipt
      {"applied", "применяется"},
      {"no_card", "без карты"},
      {"card_not_found", "карта не найдена"},
      {"card_blocked", "карта заблокирована"},
      {"card_lost", "карта утеряна"},
      // card status
      {"active", "активна"},
      {"blocked", "заблокирована"},
      {"lost", "утеряна"},
      // head office link
      {"ok", "в порядке"},
      {"offline", "недоступен"},
      {"failed", "ошибка"},
      {"never", "не подключён"},
      {"unknown", "неизвестно (kopilkad не запущен)"},
      {"online", "на связи"},
      // kopilkad
      {"running", "запущена"},
      {"stopped", "остановлена"},
      // scanners
      {"connected", "подключён"},
      {"waiting", "ожидает подключения"},
      {"error", "ошибка"},
      {"disconnected", "отключён"},
  }};
  for (const auto& [key, word] : kRu)
    if (key == code) return std::string(word);
  return std::string(code);
}

std::string value_text(const core::Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "-";
  std::string n = core::number_text(v);
  return n.empty() ? v.dump() : n;
}

std::string rub_text(const core::Json& v) {
  return v.is_number_integer() ? core::format_rub(v.get<std::int64_t>()) : value_text(v);
}

std::string duration_text(const CliContext& ctx, std::int64_t seconds) {
  const bool ru = ctx.lang == Lang::kRu;
  const std::int64_t d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60,
                     s = seconds % 60;
  auto part = [&](std::int64_t n, const char* en, const char* rus) {
    return std::to_string(n) + " " + (ru ? rus : en);
  };
  if (d > 0) return part(d, "d", "дн.") + " " + part(h, "h", "ч");
  if (h > 0) return part(h, "h", "ч") + " " + part(m, "min", "мин");
  return part(m, "min", "мин") + " " + part(s, "s", "с");
}

}  // namespace kopilka::cli
