// How the syncer reaches head office: one call at a time through an interface, so that its
// schedule (backoff, requests arriving mid-sync, offline vs failed) is tested with a fake
// head office (tests/unit/fakes/fake_office.h) instead of a server. The real caller is
// office_call() (register/office_client.h) over libcurl.
#pragma once

#include <atomic>

#include "core/status.h"
#include "register/office_client.h"

namespace kopilka::daemon {

class OfficeCaller {
 public:
  virtual ~OfficeCaller() = default;
  // As office_call(): a network failure is kUnavailable, any HTTP answer is returned as it
  // came; `cancel` (may be null) aborts a call in flight. Called from the syncer's worker
  // thread, so implementations are thread-safe.
  virtual core::Result<OfficeAnswer> call(const OfficeEndpoint& endpoint,
                                          const OfficeRequest& request,
                                          const std::atomic<bool>* cancel) = 0;
};

// The real head office, over libcurl.
class CurlOfficeCaller final : public OfficeCaller {
 public:
  core::Result<OfficeAnswer> call(const OfficeEndpoint& endpoint, const OfficeRequest& request,
                                  const std::atomic<bool>* cancel) override {
    return office_call(endpoint, request, cancel);
  }
};

}  // namespace kopilka::daemon
