// The pull answer written from a page of the change feed (docs/sync.md): format 1, one JSON
// document ({"changes", "next", "more", "remaining"}), or format 2, one line per change with
// each card's state as a line of its own kind, which a register reads without a JSON tree.
#pragma once

#include <string>

#include "core/status.h"
#include "office/changes.h"
#include "office/pull_snapshot.h"

namespace kopilka::office {

// A card's state goes out as stored, not parsed into a tree and written anew, which was
// most of head office's cost in a first sync of a million cards. A damaged program or
// cut-short card fails the page (kCorrupt) instead of going out to registers. `timezone`,
// unless empty, is the pulling register's store's zone (docs/sync.md "The register's time
// zone"), said in every page's header; `settings`, unless empty, the chain settings head
// office computes with while the owner has saved none (office.toml's, a JSON object), said
// there too (docs/sync.md "Chain settings").
core::Result<std::string> write_pull_page(const ChangePage& page, const std::string& timezone = {},
                                          const std::string& settings = {});

// Format 2: a header line {"format":2,"more","next","remaining"}, then per change either
// "card<TAB>seq<TAB>number<TAB>state" or the change's format-1 JSON object on one line.
core::Result<std::string> write_pull_page_v2(const ChangePage& page,
                                             const std::string& timezone = {},
                                             const std::string& settings = {});

// A page of a first sync's snapshot, in format 2: the header also says "snapshot" (the
// change number the pull goes on after, also its "next") and, while cards follow,
// "card_after" (where the next page starts).
core::Result<std::string> write_snapshot_page(const SnapshotPage& page,
                                              const std::string& timezone = {},
                                              const std::string& settings = {});

}  // namespace kopilka::office
