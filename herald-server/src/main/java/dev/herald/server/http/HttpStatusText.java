package dev.herald.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Standard reason phrases, for errors raised by the HTTP stack itself. */
final class HttpStatusText {
    private HttpStatusText() {
    }

    static String of(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(java.util.Locale.ROOT);
    }
}
