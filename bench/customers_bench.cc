// The service desk's customer search on a big chain (docs/benchmarks.md "Customer search"):
// fills a SQLite head office with N customers (one card each) straight through the
// customers index (office/customers.h), then times searches by phone spelling, e-mail, card
// number and name prefix, and prints their p50/p99 as JSON. Not part of CTest: run it by
// hand or from bench/run.py.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "office/customers.h"
#include "office/storage.h"

using namespace kopilka;

namespace {

const std::vector<std::string> kFirst = {
    "Анна", "Борис", "Вера",   "Глеб",  "Дарья", "Егор",  "Жанна", "Зоя",   "Иван",   "Ксения",
    "Лев",  "Мария", "Никита", "Ольга", "Пётр",  "Роман", "Софья", "Тимур", "Ульяна", "Фёдор"};
const std::vector<std::string> kLast = {
    "Иванов",  "Смирнов", "Кузнецов", "Попов",    "Васильев", "Петров",    "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов",  "Волков",   "Алексеев", "Лебедев",   "Семёнов", "Егоров",
    "Павлов",  "Козлов",  "Степанов", "Николаев", "Орлов",    "Андреев",   "Макаров", "Никитин",
    "Захаров", "Зайцев",  "Соловьёв", "Борисов",  "Яковлев",  "Григорьев", "Романов", "Воробьёв"};

std::string card_of(long i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2%012ld", i);
  return buf;
}
std::string phone_of(long i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "+79%09ld", i);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"customer search benchmark"};
  long customers = 1000000;
  int searches = 2000;
  std::string dir;
  app.add_option("--customers", customers, "customers to create (default 1 000 000)");
  app.add_option("--searches", searches, "searches to time");
  app.add_option("--dir", dir, "data dir for office.db (kept: a second run reuses it)")->required();
  CLI11_PARSE(app, argc, argv);

  core::Settings settings;
  settings.zone = *core::locate_zone("Europe/Moscow");
  auto store = office::open_storage(office::StorageUrl{}, dir, settings);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.status().message().c_str());
    return 1;
  }
  office::Sql& sql = (*store)->sql();
  std::mt19937_64 rng(42);
  auto have = office::query_int(sql, "SELECT count(*) FROM customers");
  const long existing = have.ok() ? have->value_or(0) : 0;
  const auto fill_start = std::chrono::steady_clock::now();
  for (long start = existing; start < customers; start += 10000) {
    core::Status s = sql.transaction([&]() -> core::Status {
      for (long i = start; i < std::min(customers, start + 10000); ++i) {
        core::CardState card;
        card.number = card_of(i);
        core::Customer c;
        c.id = "c-" + std::to_string(i);
        c.name = kFirst[rng() % kFirst.size()] + " " + kLast[rng() % kLast.size()] +
                 (i % 3 ? "а" : "") + " " + std::to_string(i % 1000);
        c.phone = phone_of(i);
        c.email = "user" + std::to_string(i) + "@example.ru";
        card.customer = c;
        if (core::Status e = office::index_card_customer(sql, card, 1795000000); !e) return e;
      }
      return core::Status::ok();
    });
    if (!s) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      return 1;
    }
  }
  const double fill_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - fill_start).count();

  std::vector<double> ms;
  std::size_t found = 0;
  for (int n = 0; n < searches; ++n) {
    const long i = static_cast<long>(rng() % customers);
    std::string q;
    switch (n % 5) {
      case 0: {  // a phone as people say it
        std::string p = phone_of(i);
        q = "8 (" + p.substr(2, 3) + ") " + p.substr(5, 3) + "-" + p.substr(8, 2) + "-" +
            p.substr(10, 2);
        break;
      }
      case 1:
        q = "USER" + std::to_string(i) + "@example.ru";
        break;
      case 2:
        q = card_of(i);
        break;
      case 3:
        q = kLast[rng() % kLast.size()].substr(0, 6);
        break;  // three Cyrillic letters
      default:
        q = kFirst[rng() % kFirst.size()] + " " + kLast[rng() % kLast.size()].substr(0, 4);
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto r = office::search_customers(sql, q, 50);
    const auto t1 = std::chrono::steady_clock::now();
    if (!r) {
      std::fprintf(stderr, "%s: %s\n", q.c_str(), r.status().message().c_str());
      return 1;
    }
    found += r->size();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[static_cast<std::size_t>(p * (ms.size() - 1))]; };
  std::printf(
      "{\"customers\": %ld, \"searches\": %d, \"fill_s\": %.1f, \"p50_ms\": %.3f, "
      "\"p99_ms\": %.3f, \"max_ms\": %.3f, \"rows_found\": %zu}\n",
      customers, searches, fill_s, pct(0.5), pct(0.99), ms.back(), found);
  return 0;
}
