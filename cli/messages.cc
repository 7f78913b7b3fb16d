// The catalogue itself: one row per message, English then Russian, in the order of the Msg
// enum (a static_assert keeps the two in step).
#include "cli/messages.h"

#include <array>

namespace kopilka::cli {
namespace {

struct Entry {
  Msg id;
  std::string_view en;
  std::string_view ru;
};

constexpr std::array kCatalogue = {
    Entry{Msg::kDaemonDown,
          "kopilkad is not running at {} ({}); start it: systemctl start kopilkad",
          "kopilkad не отвечает на {} ({}); запустите: systemctl start kopilkad"},
    Entry{Msg::kConfigMissing, "no config at {}; create one with `kopilka init` or give --config",
          "нет конфигурации {}; создайте её командой `kopilka init` или укажите --config"},
    Entry{Msg::kConfigOk, "{}: ok", "{}: в порядке"},
    Entry{Msg::kConfigWritten, "{}: {} = {}", "{}: {} = {}"},
    Entry{Msg::kInitExists, "{} already exists; add --force to replace it (new tokens!)",
          "{} уже существует; добавьте --force, чтобы заменить его (токены будут новые!)"},
    Entry{Msg::kInitDone, "wrote {} (mode 0600) with new tokens",
          "записан {} (права 0600) с новыми токенами"},
    Entry{Msg::kInitDataDir, "data directory {} is ready", "каталог данных {} готов"},
    Entry{Msg::kNotFoundCard, "card {} not found", "карта {} не найдена"},
    Entry{Msg::kNotFoundProgram, "program {} not found", "программа {} не найдена"},
    Entry{Msg::kNoPermission, "{}: permission denied", "{}: нет доступа"},
    Entry{Msg::kCannotCreate, "cannot create {}: {}", "не удалось создать {}: {}"},
    Entry{Msg::kNotWritable, "{} is not writable by this user; kopilkad must be able to write it",
          "{} недоступен для записи этому пользователю; kopilkad должен иметь право записи"},
    Entry{Msg::kWorldWritable, "{} is writable by everyone; run: chmod 750 {}",
          "{} доступен на запись всем; выполните: chmod 750 {}"},
    Entry{Msg::kInitNext,
          "next: add your scanners ([[scanner]]), then `kopilka config check` and `kopilka doctor`",
          "далее: добавьте сканеры ([[scanner]]), затем `kopilka config check` и `kopilka doctor`"},
    Entry{Msg::kConfigNoKey, "the config has no key {}", "в конфигурации нет ключа {}"},
    Entry{Msg::kConfigBadKey, "name a key such as point_value, office.url or scanner[0].baud",
          "укажите ключ, например point_value, office.url или scanner[0].baud"},
    Entry{Msg::kConfigRestart, "kopilkad reads the config at start: systemctl restart kopilkad",
          "kopilkad читает конфигурацию при запуске: systemctl restart kopilkad"},
    Entry{Msg::kColKey, "KEY", "КЛЮЧ"},
    Entry{Msg::kColValue, "VALUE", "ЗНАЧЕНИЕ"},
};
static_assert(kCatalogue.size() == static_cast<std::size_t>(Msg::kCount_));

constexpr bool in_order() {
  for (std::size_t i = 0; i < kCatalogue.size(); ++i)
    if (static_cast<std::size_t>(kCatalogue[i].id) != i) return false;
  return true;
}
static_assert(in_order(), "kCatalogue rows must follow the Msg enum order");

}  // namespace

std::string_view message_text(Lang lang, Msg id) {
  const Entry& e = kCatalogue[static_cast<std::size_t>(id)];
  return lang == Lang::kRu ? e.ru : e.en;
}

}  // namespace kopilka::cli
