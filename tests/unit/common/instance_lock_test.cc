// Tests of common/instance_lock: one server per data dir, and a tool's hold while the server
// is stopped, which keeps the server from starting and the tool from running beside it.
#include "common/instance_lock.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <string>

#include "test_support/temp_dir.h"

using kopilka::common::InstanceLock;
using kopilka::test::TempDir;

TEST_CASE("a second server on the data dir is refused, naming the first's pid") {
  TempDir tmp{"kopilka-lock"};
  const std::string dir = tmp.sub("data");
  auto first = InstanceLock::take(dir, "kopilkad");
  REQUIRE(first.ok());
  auto second = InstanceLock::take(dir, "kopilkad");
  REQUIRE(!second.ok());
  CHECK(second.status().message().find("(pid " + std::to_string(::getpid()) + ")") !=
        std::string::npos);
}

TEST_CASE("a tool holds the data dir only while the server is stopped") {
  TempDir tmp{"kopilka-lock"};
  const std::string dir = tmp.sub("data");
  // Never ran here: nothing to hold, nothing created.
  auto never = InstanceLock::hold_while_stopped(dir, "kopilkad");
  REQUIRE(never.ok());
  CHECK(!never->has_value());
  {
    auto server = InstanceLock::take(dir, "kopilkad");
    REQUIRE(server.ok());
    auto tool = InstanceLock::hold_while_stopped(dir, "kopilkad");
    REQUIRE(!tool.ok());
    CHECK(tool.status().code() == kopilka::core::Code::kConflict);
  }
  auto tool = InstanceLock::hold_while_stopped(dir, "kopilkad");
  REQUIRE(tool.ok());
  REQUIRE(tool->has_value());
  // The server cannot start while the tool works on its data, nor a second tool.
  CHECK(InstanceLock::take(dir, "kopilkad").status().code() == kopilka::core::Code::kConflict);
  CHECK(InstanceLock::hold_while_stopped(dir, "kopilkad").status().code() ==
        kopilka::core::Code::kConflict);
}
