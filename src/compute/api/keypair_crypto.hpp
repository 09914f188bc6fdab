#pragma once
// Key pairs as nova/crypto.py makes and reads them.
#include <optional>
#include <string>
#include <string_view>

namespace onestack::compute::api {

// MD5 of the key blob as colon-separated hex ("ab:cd:..."), after checking
// that the text is an OpenSSH public key ("<type> <base64 blob> [comment]"
// whose blob is well formed for its type: ssh-rsa, ssh-dss, ssh-ed25519,
// ecdsa-sha2-*). nullopt when it is not.
std::optional<std::string> ssh_fingerprint(std::string_view public_key);

// SHA1 of a PEM X.509 certificate's DER as colon-separated hex; nullopt
// when the text is not such a certificate.
std::optional<std::string> x509_fingerprint(std::string_view pem);

struct GeneratedKey {
    std::string private_key;  // PEM, "-----BEGIN RSA PRIVATE KEY-----" as paramiko writes
    std::string public_key;   // "ssh-rsa AAAA... Generated-by-Nova"
    std::string fingerprint;
};
// A fresh 2048-bit RSA key (crypto.generate_key_pair).
GeneratedKey generate_ssh_key();

// A fresh 2048-bit RSA key and a self-signed certificate for WinRM
// (crypto.generate_winrm_x509_cert): subject CN=<user_id>, valid 3650 days,
// extendedKeyUsage clientAuth, subjectAltName UPN <user_id>@localhost.
// private_key is the PKCS#12 bundle (empty password) in base64, public_key
// the certificate PEM, fingerprint its SHA-1 as x509_fingerprint gives.
GeneratedKey generate_x509_key(const std::string& user_id);

}  // namespace onestack::compute::api
