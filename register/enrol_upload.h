// What a register that already holds data sends head office when it is enrolled
// (docs/sync.md, "Enrolling a register that already holds data"). `kopilka enroll` leaves
// a marker in the data dir before it stores the credential; the next sync run (daemon or
// CLI) sees it, uploads every card's profile (and the local programs, if the technician
// chose so) before its first push, then drops the local programs, which head office's
// replace from then on, and removes the marker.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json_exact.h"
#include "core/status.h"
#include "register/store.h"

namespace kopilka::daemon {

enum class EnrolPrograms { kReplace, kUpload };

std::string enrol_marker_path(const std::string& data_dir);
// The marker's text for the technician's choice, and back; nullopt: no marker, nothing to
// upload.
std::string enrol_marker_text(EnrolPrograms programs);
std::optional<EnrolPrograms> read_enrol_marker(const std::string& data_dir);

// The data dir of a store (the folder of its database file).
std::string data_dir_of(const Store& store);

// Card profiles as POST /v1/sync/upload takes them: {"number", "status", "groups",
// "customer"?, "type": "gift" for a gift card, "referred_by"? for a card made as referred}, numbers
// after `after` in ascending order, at most `limit`.
core::Result<std::vector<core::Json>> card_profiles(Store& store, const std::string& after,
                                                    std::size_t limit);

// The ids of the register's programs.
core::Result<std::vector<std::string>> local_program_ids(Store& store);

}  // namespace kopilka::daemon
