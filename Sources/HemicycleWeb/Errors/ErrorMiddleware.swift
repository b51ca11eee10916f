import Foundation
import HTTPTypes
import Hemicycle
import Hummingbird
import Logging
import NIOCore

/// The JSON body of every error: `{"error": {"code": "…", "key": "…", "message": "…"}}`, with
/// the `field` it is about and the `parameters` its message names when there are any.
struct ErrorBody: Codable {
    struct Detail: Codable {
        var code: String
        var key: String?
        var message: String
        var field: String?
        var parameters: [String: String]?
        var requestId: String?
    }

    var error: Detail
}

/// Turns every error thrown below it into the JSON error body with the right status. Errors the
/// engine did not classify are logged with the request id and answered with a bare 500 that never
/// echoes internals.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HemicycleError {
            if error.code == .internal {
                return internalError(error, context: context)
            }
            var response = Self.response(
                status: error.code.httpStatus,
                ErrorBody.Detail(
                    code: error.code.rawValue, key: error.key, message: error.message, field: error.field,
                    parameters: error.parameters.isEmpty ? nil : error.parameters))
            if let seconds = error.retryAfter { response.headers[.retryAfter] = String(seconds) }
            return response
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            // No route: a path the API documents, asked with another method, is a 405.
            if let allowed = OpenAPIDocument.allowedMethods(for: request.uri.path), !allowed.isEmpty {
                var response = Self.response(
                    status: .methodNotAllowed, code: HemicycleError.Code.notFound.rawValue,
                    message:
                        "\(request.method) is not allowed on \(request.uri.path); use \(allowed.joined(separator: ", "))"
                )
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            return Self.response(
                status: .notFound, code: HemicycleError.Code.notFound.rawValue,
                message: Self.defaultMessage(.notFound, request: request))
        } catch let error as any HTTPResponseError {
            // Hummingbird's own errors, and NIO's for a body over the limit.
            let code = HemicycleError.Code.forStatus(error.status)
            let message = (error as? HTTPError)?.body ?? Self.defaultMessage(error.status, request: request)
            return Self.response(status: error.status, code: code.rawValue, message: message)
        } catch {
            return internalError(error, context: context)
        }
    }

    private func internalError(_ error: any Error, context: Context) -> Response {
        var cause = "\(error)"
        if let error = error as? HemicycleError, let underlying = error.cause { cause = "\(underlying)" }
        context.logger.error("request failed", metadata: ["error": "\(cause)"])
        return Self.response(
            status: .internalServerError, code: HemicycleError.Code.internal.rawValue,
            message: "internal error; quote request id \(context.id) when reporting it", requestId: context.id)
    }

    private static func defaultMessage(_ status: HTTPResponse.Status, request: Request) -> String {
        switch status {
        case .notFound: "no such route: \(request.method) \(request.uri.path)"
        case .methodNotAllowed: "\(request.method) is not allowed on \(request.uri.path)"
        case .contentTooLarge: "the request body is too large"
        default: status.reasonPhrase
        }
    }

    static func response(status: HTTPResponse.Status, code: String, message: String, requestId: String? = nil)
        -> Response
    {
        response(status: status, ErrorBody.Detail(code: code, key: code, message: message, requestId: requestId))
    }

    static func response(status: HTTPResponse.Status, _ detail: ErrorBody.Detail) -> Response {
        let body = ErrorBody(error: detail)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data =
            (try? encoder.encode(body)) ?? Data(#"{"error":{"code":"internal","message":"internal error"}}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
