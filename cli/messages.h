// The message catalogue of `kopilka`: every sentence a person reads, in English and Russian,
// chosen by the locale (cli_context.h). Texts are fmt format strings; tr() fills them in.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "cli/cli_context.h"

namespace kopilka::cli {

enum class Msg {
  kDaemonDown,
  kConfigMissing,
  kConfigOk,
  kConfigWritten,
  kInitExists,
  kInitDone,
  kInitDataDir,
  kNotFoundCard,
  kNotFoundProgram,
  kNoPermission,
  kCannotCreate,
  kNotWritable,
  kWorldWritable,
  kInitNext,
  kConfigNoKey,
  kConfigBadKey,
  kConfigRestart,
  kColKey,
  kColValue,
  kLabelCard,
  kLabelGroups,
  kLabelCustomer,
  kBirthday,
  kLabelPoints,
  kPointsLine,
  kLabelBurning,
  kBurningLine,
  kLabelSpent,
  kVisits,
  kLabelLevel,
  kNextLevel,
  kLabelMessage,
  kOfflineSource,
  kCardCreated,
  kCardUpdated,
  kNothingToSet,
  kImportDone,
  kImportStrictStopped,
  kCannotRead,
  kAdjusted,
  kBadPoints,
  kReasonRequired,
  kBadTime,
  kBadCardNumber,
  kGiveNumberOrPhone,
  kMustBeArray,
  kNoPrograms,
  kDuplicateProgram,
  kColKind,
  kColEnabled,
  kColPriority,
  kColName,
  kOfflineDb,
  kExported,
  kProgramsValid,
  kProgramCreated,
  kProgramUpdated,
  kLineFormat,
  kLineSku,
  kLineQty,
  kLinePrice,
  kBadRedeem,
  kCalcTitle,
  kCalcCard,
  kColCategory,
  kColQty,
  kColPrice,
  kColBefore,
  kColDiscount,
  kColPoints,
  kColAmount,
  kCalcTotals,
  kCalcApplied,
  kCalcNothing,
  kCalcDiscount,
  kCalcPoints,
  kCalcPointsLine,
  kCalcCoupon,
  kCalcMessages,
  kCount_,  // keep last
};

// The text of `id` in `lang` (a fmt format string).
std::string_view message_text(Lang lang, Msg id);

template <typename... Args>
std::string tr(const CliContext& ctx, Msg id, Args&&... args) {
  return fmt::format(fmt::runtime(message_text(ctx.lang, id)), std::forward<Args>(args)...);
}

}  // namespace kopilka::cli
