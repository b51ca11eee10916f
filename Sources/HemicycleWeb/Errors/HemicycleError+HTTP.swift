import HTTPTypes
import Hemicycle

extension HemicycleError.Code {
    /// The one place where an engine error becomes an HTTP status.
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .conflict: .conflict
        case .invalidInput: .unprocessableContent
        case .forbidden: .forbidden
        case .unauthenticated: .unauthorized
        case .limitExceeded: .contentTooLarge
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .unsupportedMediaType: .unsupportedMediaType
        default: .internalServerError
        }
    }

    /// The error code shown for an HTTP status raised by the framework itself (unknown route,
    /// body too large, bad method).
    static func forStatus(_ status: HTTPResponse.Status) -> HemicycleError.Code {
        switch status {
        case .notFound, .methodNotAllowed: .notFound
        case .contentTooLarge: .limitExceeded
        case .unauthorized: .unauthenticated
        case .forbidden: .forbidden
        case .conflict: .conflict
        case .badRequest, .unprocessableContent: .invalidInput
        case .tooManyRequests: .tooManyRequests
        case .serviceUnavailable: .unavailable
        case .unsupportedMediaType: .unsupportedMediaType
        default: status.code >= 500 ? .internal : .invalidInput
        }
    }
}
