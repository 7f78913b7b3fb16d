// TLS files checked with OpenSSL, as the listener loads them; see tls_files.h.
#include "common/tls_files.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/stat.h>

#include <memory>

#include "common/config_util.h"

namespace kopilka::common {

namespace {

using core::Status;

// OpenSSL's reason for the last failure, its queue emptied.
std::string openssl_reason() {
  unsigned long code = ERR_peek_last_error();
  const char* reason = code ? ERR_reason_error_string(code) : nullptr;
  ERR_clear_error();
  return reason ? reason : "not usable";
}

}  // namespace

Status check_tls_files(const std::string& cert, const std::string& key) {
  for (const auto& [path, field] : {std::pair{cert, "tls.cert"}, std::pair{key, "tls.key"}}) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      return Status::invalid("no such file: " + path, field);
  }
  // The key is a secret like the token files: the service's group may read it, nobody else.
  if (Status s = check_private_file(key, "tls.key"); !s) return s;
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_server_method()),
                                                        SSL_CTX_free);
  if (!ctx) return Status::internal("OpenSSL could not make a TLS context: " + openssl_reason());
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), cert.c_str()) != 1)
    return Status::invalid("cannot use " + cert + " as a certificate: " + openssl_reason(),
                           "tls.cert");
  if (SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) != 1) {
    const std::string why = openssl_reason();
    if (why == "key values mismatch")
      return Status::invalid(key + " is not the key of the certificate in " + cert, "tls.key");
    return Status::invalid("cannot use " + key + " as a private key: " + why, "tls.key");
  }
  if (SSL_CTX_check_private_key(ctx.get()) != 1)
    return Status::invalid(key + " is not the key of the certificate in " + cert, "tls.key");
  return Status::ok();
}

}  // namespace kopilka::common
