package dev.weft.http;

/**
 * An HTTP response status code (RFC 9110 §15) with its standard reason phrase.
 *
 * <p>Any code from 100 to 599 is accepted ({@link #of}); the common ones are constants.
 *
 * @param code the three-digit status code
 */
public record Status(int code) {

    public static final Status CONTINUE = new Status(100);
    public static final Status SWITCHING_PROTOCOLS = new Status(101);
    public static final Status OK = new Status(200);
    public static final Status CREATED = new Status(201);
    public static final Status ACCEPTED = new Status(202);
    public static final Status NO_CONTENT = new Status(204);
    public static final Status MOVED_PERMANENTLY = new Status(301);
    public static final Status FOUND = new Status(302);
    public static final Status SEE_OTHER = new Status(303);
    public static final Status NOT_MODIFIED = new Status(304);
    public static final Status TEMPORARY_REDIRECT = new Status(307);
    public static final Status PERMANENT_REDIRECT = new Status(308);
    public static final Status BAD_REQUEST = new Status(400);
    public static final Status UNAUTHORIZED = new Status(401);
    public static final Status FORBIDDEN = new Status(403);
    public static final Status NOT_FOUND = new Status(404);
    public static final Status METHOD_NOT_ALLOWED = new Status(405);
    public static final Status NOT_ACCEPTABLE = new Status(406);
    public static final Status REQUEST_TIMEOUT = new Status(408);
    public static final Status CONFLICT = new Status(409);
    public static final Status GONE = new Status(410);
    public static final Status LENGTH_REQUIRED = new Status(411);
    public static final Status PRECONDITION_FAILED = new Status(412);
    public static final Status CONTENT_TOO_LARGE = new Status(413);
    public static final Status URI_TOO_LONG = new Status(414);
    public static final Status UNSUPPORTED_MEDIA_TYPE = new Status(415);
    public static final Status EXPECTATION_FAILED = new Status(417);
    public static final Status UNPROCESSABLE_CONTENT = new Status(422);
    public static final Status PRECONDITION_REQUIRED = new Status(428);
    public static final Status TOO_MANY_REQUESTS = new Status(429);
    public static final Status REQUEST_HEADER_FIELDS_TOO_LARGE = new Status(431);
    public static final Status INTERNAL_SERVER_ERROR = new Status(500);
    public static final Status NOT_IMPLEMENTED = new Status(501);
    public static final Status BAD_GATEWAY = new Status(502);
    public static final Status SERVICE_UNAVAILABLE = new Status(503);
    public static final Status GATEWAY_TIMEOUT = new Status(504);
    public static final Status HTTP_VERSION_NOT_SUPPORTED = new Status(505);

    /**
     * Validates the code.
     *
     * @throws IllegalArgumentException when {@code code} is outside 100..599
     */
    public Status {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status code: " + code + " (expected: 100..599)");
        }
    }

    /** The status with this code. */
    public static Status of(int code) {
        return switch (code) {
            case 200 -> OK;
            case 404 -> NOT_FOUND;
            case 400 -> BAD_REQUEST;
            case 500 -> INTERNAL_SERVER_ERROR;
            default -> new Status(code);
        };
    }

    /** The RFC 9110 reason phrase, or {@code ""} for a code it does not name. */
    public String reason() {
        return switch (code) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "";
        };
    }

    /** 1xx. */
    public boolean isInformational() {
        return code < 200;
    }

    /** 2xx. */
    public boolean isSuccess() {
        return code >= 200 && code < 300;
    }

    /** 4xx. */
    public boolean isClientError() {
        return code >= 400 && code < 500;
    }

    /** 5xx. */
    public boolean isServerError() {
        return code >= 500;
    }

    /** Whether a response with this status never has content (1xx, 204, 304: RFC 9110 §6.4.1). */
    public boolean forbidsBody() {
        return code < 200 || code == 204 || code == 304;
    }

    @Override
    public String toString() {
        return code + " " + reason();
    }
}
