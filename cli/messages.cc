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
    Entry{Msg::kLabelCard, "card", "карта"},
    Entry{Msg::kLabelGroups, "groups", "группы"},
    Entry{Msg::kLabelCustomer, "customer", "клиент"},
    Entry{Msg::kBirthday, "birthday {}", "день рождения {}"},
    Entry{Msg::kLabelPoints, "points", "бонусы"},
    Entry{Msg::kPointsLine, "{} (usable {}, pending {})", "{} (доступно {}, ожидают {})"},
    Entry{Msg::kLabelBurning, "burns", "сгорят"},
    Entry{Msg::kBurningLine, "{} on {}", "{} — {}"},
    Entry{Msg::kLabelSpent, "spent", "покупки"},
    Entry{Msg::kVisits, "visits: {}", "визитов: {}"},
    Entry{Msg::kLabelLevel, "level", "уровень"},
    Entry{Msg::kNextLevel, "next {} % from {}", "далее {} % от {}"},
    Entry{Msg::kLabelMessage, "message", "сообщение"},
    Entry{Msg::kOfflineSource,
          "read from the database: kopilkad is not running (a birthday gift that is due is granted "
          "at the next lookup through kopilkad)",
          "прочитано из базы: kopilkad не запущен (подошедший подарок ко дню рождения начислится "
          "при следующем запросе через kopilkad)"},
    Entry{Msg::kCardCreated, "card {} created", "карта {} создана"},
    Entry{Msg::kCardUpdated, "card {} updated", "карта {} изменена"},
    Entry{Msg::kNothingToSet,
          "give at least one of --status, --group, --no-groups, --customer-id, --name, --phone, "
          "--no-phone, --birthday, --no-birthday",
          "укажите хотя бы одно из --status, --group, --no-groups, --customer-id, --name, --phone, "
          "--no-phone, --birthday, --no-birthday"},
    Entry{Msg::kImportDone, "{} of {} cards imported, {} bad lines",
          "импортировано карт: {} из {}, ошибочных строк: {}"},
    Entry{Msg::kImportStrictStopped, "--strict: nothing imported because of the bad lines below",
          "--strict: ничего не импортировано из-за ошибочных строк ниже"},
    Entry{Msg::kCannotRead, "cannot read {}: {}", "не удалось прочитать {}: {}"},
    Entry{Msg::kAdjusted, "{} points on card {}: balance now {}",
          "{} бонусов на карте {}: баланс теперь {}"},
    Entry{Msg::kBadPoints, "must be a whole, non-zero number of points",
          "нужно целое ненулевое число бонусов"},
    Entry{Msg::kReasonRequired, "say why (--reason TEXT): it goes to the journal",
          "укажите причину (--reason ТЕКСТ): она попадёт в журнал"},
    Entry{Msg::kBadTime, "must be an RFC 3339 time such as 2026-11-24T12:00:00+03:00",
          "нужно время в формате RFC 3339, например 2026-11-24T12:00:00+03:00"},
    Entry{Msg::kBadCardNumber, "a card number is 4 to 32 digits", "номер карты — от 4 до 32 цифр"},
    Entry{Msg::kGiveNumberOrPhone, "give a card NUMBER or --phone, not both",
          "укажите НОМЕР карты или --phone, но не оба"},
    Entry{Msg::kMustBeArray, "must be an array", "должно быть массивом"},
    Entry{Msg::kNoPrograms, "the file has no programs", "в файле нет программ"},
    Entry{Msg::kDuplicateProgram, "program id {} appears twice", "программа {} встречается дважды"},
    Entry{Msg::kColKind, "KIND", "ВИД"},
    Entry{Msg::kColEnabled, "ENABLED", "ВКЛЮЧЕНА"},
    Entry{Msg::kColPriority, "PRIORITY", "ПРИОРИТЕТ"},
    Entry{Msg::kColName, "NAME", "НАЗВАНИЕ"},
    Entry{Msg::kOfflineDb, "read from the database: kopilkad is not running",
          "прочитано из базы: kopilkad не запущен"},
    Entry{Msg::kExported, "{} programs written to {}", "программ записано: {}, файл {}"},
    Entry{Msg::kProgramsValid, "{}: {} programs ok", "{}: программ без ошибок: {}"},
    Entry{Msg::kProgramCreated, "program {} created", "программа {} создана"},
    Entry{Msg::kProgramUpdated, "program {} updated", "программа {} обновлена"},
    Entry{
        Msg::kLineFormat, "give each line as --line \"sku,category,qty,price\" (price in kopecks)",
        "укажите каждую строку как --line \"артикул,категория,количество,цена\" (цена в копейках)"},
    Entry{Msg::kLineSku, "the sku must not be empty", "артикул не может быть пустым"},
    Entry{Msg::kLineQty, "qty must be a number with up to 3 decimals, like 2 or 0.125",
          "количество — число, не более 3 знаков после точки, например 2 или 0.125"},
    Entry{Msg::kLinePrice, "price must be whole kopecks, like 45000 for 450,00 ₽",
          "цена — целое число копеек, например 45000 для 450,00 "
          "₽"},
    Entry{Msg::kBadRedeem, "must be a whole number of points or max",
          "нужно целое число бонусов или max"},
    Entry{Msg::kCalcTitle, "Dry run: nothing is recorded", "Пробный расчёт: ничего не записано"},
    Entry{Msg::kCalcCard, "card {}: loyalty {}", "карта {}: лояльность {}"},
    Entry{Msg::kColCategory, "CATEGORY", "КАТЕГОРИЯ"},
    Entry{Msg::kColQty, "QTY", "КОЛ-ВО"},
    Entry{Msg::kColPrice, "PRICE", "ЦЕНА"},
    Entry{Msg::kColBefore, "AMOUNT BEFORE", "СУММА ДО"},
    Entry{Msg::kColDiscount, "DISCOUNT", "СКИДКА"},
    Entry{Msg::kColPoints, "PAID WITH POINTS", "БОНУСАМИ"},
    Entry{Msg::kColAmount, "TO PAY", "К ОПЛАТЕ"},
    Entry{Msg::kCalcTotals,
          "before discounts {}, discount {}, paid with points {} ({} points), to pay {}",
          "до скидок {}, скидка {}, оплачено бонусами {} ({} бонусов), к оплате {}"},
    Entry{Msg::kCalcApplied, "Programs applied:", "Применённые программы:"},
    Entry{Msg::kCalcNothing, "none", "нет"},
    Entry{Msg::kCalcDiscount, "discount {}", "скидка {}"},
    Entry{Msg::kCalcPoints, "{} points", "{} бонусов"},
    Entry{Msg::kCalcPointsLine, "points accrued {}, balance after {}, at most {} points could pay",
          "начислено бонусов {}, баланс после {}, бонусами можно оплатить не больше {}"},
    Entry{Msg::kCalcCoupon, "coupon {}: {} {}", "промокод {}: {} {}"},
    Entry{Msg::kCalcMessages, "Messages:", "Сообщения:"},
    Entry{Msg::kColTime, "TIME", "ВРЕМЯ"},
    Entry{Msg::kColReceipt, "RECEIPT", "ЧЕК"},
    Entry{Msg::kColCard, "CARD", "КАРТА"},
    Entry{Msg::kColMoney, "MONEY", "СУММА"},
    Entry{Msg::kColPointsShort, "POINTS", "БОНУСЫ"},
    Entry{Msg::kColSynced, "SYNCED", "ПЕРЕДАНО"},
    Entry{Msg::kYes, "yes", "да"},
    Entry{Msg::kNo, "no", "нет"},
    Entry{Msg::kJournalEmpty, "no receipts or refunds in this period",
          "за этот период нет чеков и возвратов"},
    Entry{Msg::kShiftClosed, "shift {} closed: sync {}, sent {}, received {}, waiting {}",
          "смена {} закрыта: синхронизация {}, отправлено {}, получено {}, в очереди {}"},
    Entry{Msg::kNoPorts, "no serial ports found; plug the scanner in and check `dmesg | tail`",
          "последовательные порты не найдены; подключите сканер и проверьте `dmesg | tail`"},
    Entry{Msg::kColPort, "PORT", "ПОРТ"},
    Entry{Msg::kColDevice, "DEVICE", "УСТРОЙСТВО"},
    Entry{Msg::kColSerial, "SERIAL", "СЕРИЙНЫЙ НОМЕР"},
    Entry{Msg::kColScanner, "SCANNER", "СКАНЕР"},
    Entry{Msg::kNoSuchScanner,
          "no scanner named {} in the config (configured: {}); give a name or a port path",
          "в конфигурации нет сканера {} (настроены: {}); укажите имя или путь к порту"},
    Entry{Msg::kRawHidden, "(bank card data hidden)", "(данные банковской карты скрыты)"},
    Entry{Msg::kFrameCard, "card {} ({})", "карта {} ({})"},
    Entry{Msg::kFrameRejected, "rejected: {}", "отклонено: {}"},
    Entry{Msg::kPortBusy,
          "kopilkad is reading this port; stop it (systemctl stop kopilkad) or use `kopilka "
          "scanner test NAME`, which works through it",
          "порт читает kopilkad; остановите его (systemctl stop kopilkad) или используйте `kopilka "
          "scanner test ИМЯ`, которая работает через него"},
    Entry{Msg::kListening, "listening to {} on {} at {} baud; Ctrl-C to stop",
          "слушаю {} на {}, {} бод; Ctrl-C — остановить"},
    Entry{Msg::kTestCard, "scanned card {} ({}){}", "считана карта {} ({}){}"},
    Entry{Msg::kKnown, ", known to this register", ", есть в базе кассы"},
    Entry{Msg::kUnknown, ", not in this register's database", ", нет в базе кассы"},
    Entry{Msg::kTestRejected, "the scan was rejected: {}", "скан отклонён: {}"},
    Entry{Msg::kTestRejectedHint,
          "see docs/scanners.md: card_pattern, card_check, prefix/suffix and baud decide what is "
          "accepted",
          "см. docs/scanners.md: что принимается, решают card_pattern, card_check, prefix/suffix и "
          "baud"},
    Entry{Msg::kScannerState, "scanner {} is {}: {}", "сканер {}: {} {}"},
    Entry{Msg::kScanNow, "scan a card on {} now (waiting {} s)…",
          "отсканируйте карту на {} (жду {} с)…"},
    Entry{Msg::kNoScan,
          "no scan within {} s on {}: check the cable, the port and the baud rate (`kopilka "
          "scanner listen`)",
          "за {} с скан на {} не пришёл: проверьте кабель, порт и скорость (`kopilka scanner "
          "listen`)"},
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
