// Reading what an enrolling register uploads; see enrol_upload.h. The run's steps that
// send it are in sync_enrol.cc.
#include "register/enrol_upload.h"

#include <filesystem>
#include <fstream>

#include "core/card_state_json.h"
#include "core/engine.h"
#include "core/json_exact.h"

namespace kopilka::daemon {

namespace {
constexpr const char* kUploadText = "upload-programs";
constexpr const char* kReplaceText = "replace-programs";
}  // namespace

std::string enrol_marker_path(const std::string& data_dir) {
  return data_dir + "/office.enrol";
}

std::string enrol_marker_text(EnrolPrograms programs) {
  return programs == EnrolPrograms::kUpload ? kUploadText : kReplaceText;
}

std::optional<EnrolPrograms> read_enrol_marker(const std::string& data_dir) {
  std::ifstream in(enrol_marker_path(data_dir));
  if (!in) return std::nullopt;
  std::string line;
  std::getline(in, line);
  // Anything but an explicit upload keeps the safe default: head office's programs rule.
  return line.rfind(kUploadText, 0) == 0 ? EnrolPrograms::kUpload : EnrolPrograms::kReplace;
}

std::string data_dir_of(const Store& store) {
  return std::filesystem::path(store.path()).parent_path().string();
}

core::Result<std::vector<core::Json>> card_profiles(Store& store, const std::string& after,
                                                    std::size_t limit) {
  auto st =
      store.db().prepare("SELECT state FROM cards WHERE number > ?1 ORDER BY number LIMIT ?2");
  if (!st) return st.status();
  st->bind(1, after).bind(2, static_cast<std::int64_t>(limit));
  std::vector<core::Json> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    auto j = core::parse_stored(st->text(0), "a stored card");
    if (!j) return j.status();
    auto card = core::card_state_from_json(*j);
    if (!card) return core::Status::corrupt("a stored card is damaged: " + card.status().message());
    core::Json p = {{"number", card->number},
                    {"status", core::to_string(card->status)},
                    {"groups", card->groups}};
    if (card->customer) p["customer"] = core::customer_to_json(*card->customer);
    // A gift card must stay one: head office would make a loyalty card of it, and programs
    // meant for customers would then pay it points.
    if (card->type == core::CardType::kGift) p["type"] = core::to_string(card->type);
    // A card made here as referred: without it, head office's copy (which every pull
    // brings back) would forget the referral, and with it both cards' rewards.
    if (card->referral) p["referred_by"] = card->referral->by;
    out.push_back(std::move(p));
  }
  return out;
}

core::Result<std::vector<std::string>> local_program_ids(Store& store) {
  auto docs = store.program_documents();
  if (!docs) return docs.status();
  std::vector<std::string> ids;
  for (const auto& d : *docs) ids.push_back(core::program_id(d));
  return ids;
}

}  // namespace kopilka::daemon
