package dev.ferrite.server;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Jackson's message for JSON it could not parse, fit for a one-line error: without the location it
 * appends ("\n at [Source: ...]"), with the locations some messages hold inside shortened
 * ("(start marker at [Source: REDACTED (...); line: 1, column: 12])" → "line 1, column 12"), on one
 * line. Public for the CLI, which reports its input's JSON errors the same way.
 */
public final class JsonErrorText {
    private JsonErrorText() {
    }

    public static String of(JsonProcessingException e) {
        return e.getOriginalMessage()
                .replaceAll("\\R+", " ")
                .replaceAll("\\[Source: [^]]*; line: (\\d+), column: (\\d+)]", "line $1, column $2");
    }
}
