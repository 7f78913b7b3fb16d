"""The dashboard's periods in headless Chromium: the report is grouped by day, week or
month as the marketer picks, and the chart's axis names each period by its own date in a
browser east of Greenwich (it once read a day early everywhere in Russia). The report and
the session are answered inside the page; every other call goes to the real office."""
import json
import time
import unittest

import web_harness
from kopilka_harness import ADMIN_TOKEN
from test_web_admin import BrowserBase, figures


class DashboardPeriodsTest(BrowserBase):
    def test_the_axis_names_each_period_and_the_grouping_is_asked_for(self):
        d = self.driver
        weeks = {"from": "2026-11-02", "to": "2026-11-22", "complete_until": None,
                 "totals": figures(0), "programs": [],
                 "groups": [dict(figures(i), period=day)
                            for i, day in enumerate(("2026-11-02", "2026-11-09", "2026-11-16"))]}
        d.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Europe/Moscow"})
        d.execute_cdp_cmd("Network.enable", {})
        d.execute_cdp_cmd("Network.setExtraHTTPHeaders",
                          {"headers": {"Authorization": "Bearer " + ADMIN_TOKEN}})
        script = d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
          localStorage.setItem('kopilka.session', '1');
          localStorage.setItem('kopilka.lang', 'ru');
          const real = window.fetch, S = %s;
          window.reportsAsked = [];
          const answer = (v) => Promise.resolve(new Response(JSON.stringify(v), {status: 200}));
          window.fetch = (u, o) => {
            if (u === '/v1/auth/me')
              return answer({login: 'olga', role: 'owner', must_change_password: false, csrf: 'x'});
            if (u.startsWith('/v1/admin/reports/summary')) { window.reportsAsked.push(u); return answer(S); }
            return real(u, o);
          };
        """ % json.dumps(weeks)})
        try:
            d.get(self.base + "#dashboard")
            web_harness.wait_for(d, ".uplot")
            d.execute_script("const g = document.getElementById('report-group');"
                             "g.value = 'week'; document.getElementById('report-load').click();")
            web_harness.wait_for(d, ".uplot")
            asked = d.execute_script("return window.reportsAsked;")
            self.assertIn("group=day", asked[0])
            self.assertIn("group=week", asked[-1])
            labels = d.find_element("css selector", ".chart").get_attribute("data-axis")
            self.assertEqual(labels, "02.11 09.11 16.11")
            title = d.find_element("css selector", ".chart h2").text
            self.assertIn("по неделям", title)
            # The legend names the period as grouped (it said «День» for weeks).
            self.assertEqual(self.legend_heads(), ["Неделя"] * 3)
            self.assertEqual(web_harness.console_errors(d), [])
            # A reload shows the same report (it once went back to the last 30 days by day).
            d.execute_script("document.getElementById('report-from').value = '2026-11-02';"
                             "document.getElementById('report-to').value = '2026-11-22';"
                             "document.getElementById('report-load').click();")
            web_harness.wait_for(d, ".uplot")
            d.refresh()
            web_harness.wait_for(d, ".uplot")
            asked = d.execute_script("return window.reportsAsked;")
            self.assertEqual(asked, ["/v1/admin/reports/summary?from=2026-11-02&to=2026-11-22&group=week"])
            self.assertEqual(d.find_element("css selector", "#report-group").get_attribute("value"), "week")
        finally:
            d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                              {"identifier": script["identifier"]})
            d.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})
            d.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})
            d.execute_script("localStorage.clear(); sessionStorage.clear()")

    def legend_heads(self):
        return self.driver.execute_script(
            "return [...document.querySelectorAll('.chart .u-legend .u-series:first-child .u-label')]"
            ".map((e) => e.textContent);")

    def test_months_are_named_by_month_and_receipts_are_counted_whole(self):
        """A few receipts a month: the receipts' axis once marked 0,25 and 0,5 of a receipt."""
        d = self.driver
        months = {"from": "2026-09-01", "to": "2026-11-30", "complete_until": None,
                  "totals": figures(0), "programs": [],
                  "groups": [dict(figures(i), period=period, receipts={"card": i % 2, "no_card": 0, "all": i % 2},
                                  points={"issued": i, "redeemed": 0, "burned": 0, "adjusted": 0})
                             for i, period in enumerate(("2026-09-01", "2026-10-01", "2026-11-01"))]}
        d.execute_cdp_cmd("Network.enable", {})
        d.execute_cdp_cmd("Network.setExtraHTTPHeaders",
                          {"headers": {"Authorization": "Bearer " + ADMIN_TOKEN}})
        script = d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
          localStorage.setItem('kopilka.session', '1');
          localStorage.setItem('kopilka.lang', 'ru');
          const real = window.fetch, S = %s;
          const answer = (v) => Promise.resolve(new Response(JSON.stringify(v), {status: 200}));
          window.fetch = (u, o) => {
            if (u === '/v1/auth/me')
              return answer({login: 'olga', role: 'owner', must_change_password: false, csrf: 'x'});
            if (u.startsWith('/v1/admin/reports/summary')) return answer(S);
            return real(u, o);
          };
        """ % json.dumps(months)})
        try:
            d.get(self.base + "#dashboard")
            web_harness.wait_for(d, ".uplot")
            d.execute_script("const g = document.getElementById('report-group');"
                             "g.value = 'month'; document.getElementById('report-load').click();")
            deadline = time.monotonic() + 10  # the three charts drawn again, by month
            while self.legend_heads() != ["Месяц"] * 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertEqual(self.legend_heads(), ["Месяц"] * 3)
            charts = d.execute_script(
                "return [...document.querySelectorAll('.chart')].map((c) =>"
                " [c.querySelector('h2').textContent, c.dataset.axis, c.dataset.yAxis]);")
            self.assertEqual([c[1] for c in charts], ["09.2026 10.2026 11.2026"] * 3)
            receipts, points = charts[1][2].split(" "), charts[2][2].split(" ")
            self.assertTrue(charts[1][0].startswith("Чеки"), charts)
            for marks in (receipts, points):
                self.assertTrue(all(m.isdigit() for m in marks), marks)
            self.assertIn("1", receipts)
            self.assertEqual(web_harness.console_errors(d), [])
        finally:
            d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                              {"identifier": script["identifier"]})
            d.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})
            d.execute_script("localStorage.clear(); sessionStorage.clear()")
            d.get("about:blank")  # the next test's #dashboard is a page load, not a hash change


if __name__ == "__main__":
    unittest.main()
