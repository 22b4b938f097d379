import CCurl

/// libcurl's process-wide initialisation, done exactly once.
///
/// `curl_global_init` is not thread-safe and must run before any easy handle is
/// created; a `static let` initialiser runs once, on first use, under Swift's
/// own once-guard, so every `CurlEasyHandle` touches it before `curl_easy_init`.
enum CurlGlobal {
    /// `CURLE_OK` when libcurl initialised; read by every new handle.
    static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))
}
