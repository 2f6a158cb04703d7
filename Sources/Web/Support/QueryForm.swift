import Hummingbird

extension Request {
    /// The query string read as a browser sends a GET form (`application/x-www-form-urlencoded`):
    /// a space as "+" ("Region+Hovedstaden"), as well as "%20". Hummingbird's `queryParameters` only
    /// percent-decodes, so a filter with a space in its value matched nothing.
    var queryForm: FormData { FormData(urlEncoded: Array((uri.query ?? "").utf8)) }
}
