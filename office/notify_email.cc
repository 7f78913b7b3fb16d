// E-mail over SMTP with libcurl (notify_send.h): STARTTLS required unless the relay is on
// loopback, the text as UTF-8 in base64, the subject RFC 2047-encoded, and a
// List-Unsubscribe header beside the link in the text.
#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <ctime>
#include <memory>

#include "office/notify_send.h"

namespace kopilka::office {

namespace {

std::string base64(const std::string& data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Lines of at most 76 characters, as MIME wants.
std::string wrapped(const std::string& b64) {
  std::string out;
  for (std::size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

bool header_safe(const std::string& s) {
  return s.find_first_of("\r\n") == std::string::npos;
}

// The mail server's last reply line ("550 5.1.1 <x@y>: no such user"), which curl's own
// error ("Weird server reply") leaves out: the support desk reads why a message failed.
int keep_server_reply(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN || size < 3) return 0;
  std::string line(data, std::min<std::size_t>(size, 300));
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  for (char& c : line)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  if (line[0] == '4' || line[0] == '5') *static_cast<std::string*>(user) = std::move(line);
  return 0;
}

struct Upload {
  const std::string* text;
  std::size_t at = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  std::size_t left = u->text->size() - u->at;
  std::size_t take = std::min(left, size * n);
  std::copy_n(u->text->data() + u->at, take, buffer);
  u->at += take;
  return take;
}

std::string address_part(const std::string& from) {
  auto lt = from.find('<');
  auto gt = from.find('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt)
    return from.substr(lt + 1, gt - lt - 1);
  return from;
}

// The From header: a display name that is not plain ASCII («Копилка <noreply@…>») is
// RFC 2047-encoded, as the subject is; raw 8-bit bytes in a header are refused or garbled by
// strict mail servers.
std::string from_header(const std::string& from) {
  auto lt = from.find('<');
  if (lt == std::string::npos) return from;
  std::string name = from.substr(0, lt);
  while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.pop_back();
  std::size_t first = name.find_first_not_of(" \"");
  name = first == std::string::npos ? std::string() : name.substr(first);
  const bool ascii = std::all_of(name.begin(), name.end(),
                                 [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
  if (name.empty() || ascii) return from;
  return "=?UTF-8?B?" + base64(name) + "?= <" + address_part(from) + ">";
}

std::string rfc5322_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

}  // namespace

std::string email_document(const EmailChannel& channel, const EmailMessage& m,
                           const std::string& date) {
  std::string domain = address_part(channel.from);
  domain = domain.substr(domain.find('@') + 1);
  std::string doc = "Date: " + date + "\r\nFrom: " + from_header(channel.from) + "\r\nTo: <" +
                    m.to + ">\r\nSubject: =?UTF-8?B?" + base64(m.subject) + "?=\r\nMessage-ID: <" +
                    m.delivery_id + "@" + domain + ">\r\n";
  // RFC 8058: the mail client unsubscribes with one POST to the link, no page to open.
  if (!m.unsubscribe_url.empty())
    doc += "List-Unsubscribe: <" + m.unsubscribe_url +
           ">\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  doc +=
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
      wrapped(base64(m.text));
  return doc;
}

SendResult send_email(const EmailChannel& channel, const EmailMessage& m, int timeout_seconds) {
  if (!header_safe(m.to) || m.to.find('@') == std::string::npos)
    return {SendOutcome::kFailed, "not an e-mail address"};
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return {SendOutcome::kRetry, "cannot start an SMTP client"};
  CURL* c = curl.get();
  const std::string doc = email_document(channel, m, rfc5322_now());
  Upload upload{&doc};
  const std::string from = "<" + address_part(channel.from) + ">";
  const std::string to = "<" + m.to + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> rcpt_list(rcpt, curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_URL, channel.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(
      c, CURLOPT_USE_SSL,
      channel.require_tls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_NONE));
  if (!channel.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, channel.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, channel.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min(5, timeout_seconds)));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout_seconds));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  std::string server_reply;
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, keep_server_reply);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &server_reply);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // the debug function sees the replies; nothing printed
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return {SendOutcome::kSent, ""};
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (server_reply.empty() && code == 0) return unanswered(rc, channel.url, timeout_seconds);
  std::string reason = !server_reply.empty()
                           ? "the mail server answered: " + server_reply
                           : std::string(curl_easy_strerror(rc)) +
                                 (code ? " (SMTP " + std::to_string(code) + ")" : std::string());
  // 5xx from the server for this recipient is final; everything else may pass.
  if (rc == CURLE_RECV_ERROR || code < 500 || code == 0) return {SendOutcome::kRetry, reason};
  return {SendOutcome::kFailed, reason};
}

}  // namespace kopilka::office
