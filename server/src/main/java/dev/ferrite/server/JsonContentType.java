package dev.ferrite.server;

/**
 * Which Content-Type a JSON body may come with: the rule of axum's {@code Json} extractor, which
 * TEI's routes use: the type {@code application} and the subtype {@code json} or a {@code +json}
 * suffix, parameters allowed ({@code application/json; charset=utf-8},
 * {@code application/vnd.api+json}); no header, {@code text/json} or {@code text/plain} is refused.
 * Type and subtype compare without case, as media types do.
 */
final class JsonContentType {
    private JsonContentType() {
    }

    /** Whether a body with this Content-Type header (null: none) is read as JSON. */
    static boolean accepts(String header) {
        if (header == null) {
            return false;
        }
        if (header.equals(Http.JSON)) {
            return true; // what nearly every client sends: no parsing on the common path
        }
        int semicolon = header.indexOf(';');
        String mediaType = (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
        int slash = mediaType.indexOf('/');
        if (slash < 0 || !mediaType.substring(0, slash).equalsIgnoreCase("application")) {
            return false;
        }
        String subtype = mediaType.substring(slash + 1);
        return subtype.equalsIgnoreCase("json") || subtype.regionMatches(true, subtype.length() - 5, "+json", 0, 5);
    }
}
