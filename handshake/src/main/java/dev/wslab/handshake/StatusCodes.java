package dev.wslab.handshake;

/** Standard reason phrases (RFC 9110 §15) for the statuses a handshake can produce. */
final class StatusCodes {
    private StatusCodes() {
    }

    static String reasonPhrase(int status) {
        switch (status) {
            case 101: return "Switching Protocols";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 414: return "URI Too Long";
            case 426: return "Upgrade Required";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 505: return "HTTP Version Not Supported";
            default: return "Status " + status;
        }
    }
}
