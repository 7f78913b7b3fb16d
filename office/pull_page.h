// The pull answer's JSON text ({"changes", "next", "more", "remaining"}, docs/sync.md)
// written from a page of the change feed.
#pragma once

#include <string>

#include "core/status.h"
#include "office/changes.h"

namespace kopilka::office {

// A card's state goes out as stored, not parsed into a tree and written anew, which was
// most of head office's cost in a first sync of a million cards. A damaged program or
// cut-short card fails the page (kCorrupt) instead of going out to registers.
core::Result<std::string> write_pull_page(const ChangePage& page);

}  // namespace kopilka::office
