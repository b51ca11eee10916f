import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A browser in miniature over `app.test(.router)`: it keeps the cookies the server sets, sends
/// them back, reads the form token of the last page, and posts forms as a browser would.
final class PageBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]
    /// The form token of the last page read.
    private(set) var csrf = ""
    var acceptLanguage: String?

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let html: String
        var location: String? { headers[.location] }
    }

    private var cookieHeader: HTTPFields {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: "; ")
        }
        if let acceptLanguage { headers[.acceptLanguage] = acceptLanguage }
        return headers
    }

    private func keep(_ response: TestResponse) -> Page {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0])
            let cookie = String(pair[1])
            if cookie.isEmpty || value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = cookie }
        }
        let html = String(buffer: response.body)
        if let range = html.range(of: #"name="csrf" value=""#) {
            csrf = String(html[range.upperBound...].prefix { $0 != "\"" })
        }
        return Page(status: response.status, headers: response.headers, html: html)
    }

    /// Reads a page.
    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await client.execute(uri: path, method: .get, headers: cookieHeader) { self.keep($0) }
    }

    /// Sends a form with the current token (unless `csrf` says otherwise) and extra headers.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil, headers extra: HTTPFields = [:])
        async throws -> Page
    {
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers.append(contentsOf: extra)
        let all = [("csrf", csrf ?? self.csrf)] + fields
        let body = all.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) {
            self.keep($0)
        }
    }

    /// Sends a `multipart/form-data` form, as a browser does when the form uploads files.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(String, String, String)] = [])
        async throws -> Page
    {
        let boundary = "----hemicycle-test-boundary"
        var headers = cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        var body = ""
        for (name, value) in [("csrf", csrf)] + fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        for (name, file, content) in files {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(file)\"\r\n"
            body += "Content-Type: text/plain\r\n\r\n\(content)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) {
            self.keep($0)
        }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? text
    }
}
