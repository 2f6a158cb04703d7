// TechEmpower's Fortunes test (its published requirements): every request reads all rows of the `fortune`
// table, adds one fortune at request time, sorts by message, and renders them through a template that
// escapes the messages; `Content-Type: text/html; charset=utf-8`, with `Server` and `Date` headers.
//
//   REF_PORT (8090), REF_DB_HOST (127.0.0.1), REF_DB_PORT (5432), REF_DB_USER (postgres), REF_DB_NAME (postgres),
//   REF_DB_CONNECTIONS (the pool's upper bound; 1900 as in the framework's own entry, so that in practice every
//   concurrent request has a connection of its own)
//   reference setup    creates and fills the table (idempotent), then exits
import Foundation
import Hummingbird
import Logging
import Mustache
import PostgresNIO

struct Fortune: Sendable {
    let id: Int32
    let message: String
}

struct FortunesPage: ResponseGenerator {
    let html: String
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }
}

let template = try MustacheTemplate(
    string: """
        <!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>\
        {{#fortunes}}<tr><td>{{id}}</td><td>{{message}}</td></tr>{{/fortunes}}</table></body></html>
        """
)

let environment = ProcessInfo.processInfo.environment
func setting(_ name: String, _ fallback: String) -> String { environment[name] ?? fallback }

var configuration = PostgresClient.Configuration(
    host: setting("REF_DB_HOST", "127.0.0.1"),
    port: Int(setting("REF_DB_PORT", "5432")) ?? 5432,
    username: setting("REF_DB_USER", "postgres"),
    password: environment["REF_DB_PASSWORD"],
    database: setting("REF_DB_NAME", "postgres"),
    tls: .disable
)
configuration.options.maximumConnections = Int(setting("REF_DB_CONNECTIONS", "1900")) ?? 1900
let client = PostgresClient(configuration: configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)

/// The query as a prepared statement, as the framework's entry sends it.
struct SelectFortunes: PostgresPreparedStatement {
    typealias Row = (Int32, String)
    static let sql = "SELECT id, message FROM fortune"
    func makeBindings() throws -> PostgresBindings { PostgresBindings() }
    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

if CommandLine.arguments.dropFirst().first == "setup" {
    // The table and rows of TechEmpower's create-postgres.sql.
    let rows: [(Int32, String)] = [
        (1, "fortune: No such file or directory"),
        (2, "A computer scientist is someone who fixes things that aren't broken."),
        (3, "After enough decimal places, nobody gives a damn."),
        (4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
        (5, "A computer program does what you tell it to do, not what you want it to do."),
        (6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"),
        (7, "Any program that runs right is obsolete."),
        (8, "A list is only as strong as its weakest link. — Donald Knuth"),
        (9, "Feature: A bug with seniority."),
        (10, "Computers make very fast, very accurate mistakes."),
        (11, "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"),
        (12, "フレームワークのベンチマーク"),
    ]
    try await withThrowingDiscardingTaskGroup { group in
        group.addTask { await client.run() }
        try await client.query("CREATE TABLE IF NOT EXISTS fortune (id integer PRIMARY KEY, message varchar(2048) NOT NULL)")
        for (id, message) in rows {
            try await client.query("INSERT INTO fortune (id, message) VALUES (\(id), \(message)) ON CONFLICT (id) DO NOTHING")
        }
        group.cancelAll()
    }
    exit(0)
}

let router = Router()
router.get("fortunes") { _, _ -> FortunesPage in
    var fortunes: [Fortune] = []
    for try await (id, message) in try await client.execute(SelectFortunes()) {
        fortunes.append(Fortune(id: id, message: message))
    }
    fortunes.append(Fortune(id: 0, message: "Additional fortune added at request time."))
    fortunes.sort { $0.message < $1.message }
    return FortunesPage(html: template.render(["fortunes": fortunes]))
}

var logger = Logger(label: "reference")
logger.logLevel = .error
let app = Application(
    router: router,
    configuration: .init(
        address: .hostname("127.0.0.1", port: Int(setting("REF_PORT", "8090")) ?? 8090), serverName: "hb", backlog: 8192),
    services: [client],
    logger: logger
)
try await app.runService()
