/// `/robots.txt` (RFC 9309): crawlers may read what anyone may read, not the areas behind a login,
/// and find the public pages in the sitemap. The disallowed paths come from the route table (every
/// GET route that requires a capability, a parameter written `*`), so a new logged-in page is
/// listed by itself; the sign-in pages and the account, which check the login in their handlers,
/// are added by name.
enum Robots {
    static let signedIn: [SiteURL] = [.login, .loginCode, .account]

    static func build(routes: [RouteIndex.Route], base: String) -> String {
        var paths = Set(signedIn.map(\.path))
        for route in routes where route.capabilities[.get] != nil {
            paths.insert("/" + route.segments.map { $0.hasPrefix(":") ? "*" : String($0) }.joined(separator: "/"))
        }
        // A rule is a prefix: a path's rule already covers every path below it.
        let rules = paths.sorted().filter { path in !paths.contains { $0 != path && path.hasPrefix($0 + "/") } }
        return "User-agent: *\nAllow: /\n" + rules.map { "Disallow: " + $0 + "\n" }.joined() + "\nSitemap: " + base + SiteURL.sitemap.path + "\n"
    }
}
