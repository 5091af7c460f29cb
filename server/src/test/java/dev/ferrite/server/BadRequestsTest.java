package dev.ferrite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A table of bad requests, each with its status and error body. */
class BadRequestsTest {
    static TestServer s;
    static TestServer keyed;

    @BeforeAll
    static void start() {
        ServerConfig config = ServerConfig.defaults().withAutoTruncate(false).withPayloadLimit(1000).withLimits(512, 16384, 0, 4);
        s = new TestServer(TestServer.fakeModel(new FakeEncoder(), Map.of()), config);
        keyed = new TestServer(TestServer.fakeModel(new FakeEncoder(), Map.of()), ServerConfig.defaults().withApiKey("s3cret"));
    }

    @AfterAll
    static void stop() {
        s.close();
        keyed.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            /embed          | {"inputs": "a"                             | 422 | validation | Failed to parse the request body as JSON
            /embed          | ''                                         | 422 | validation | the body is empty
            /embed          | {"inputs": ["a"                            | 422 | validation | expected close marker for Array (start marker at line 1, column 12)
            /embed          | [1, 2]                                     | 422 | validation | must be a JSON object
            /embed          | {}                                         | 422 | validation | missing field `inputs`
            /embed          | {"inputs": 5}                              | 422 | validation | `inputs` must be a string or an array of strings, not a number
            /embed          | {"inputs": ["a", 1]}                       | 422 | validation | `inputs[1]` must be a string, not a number
            /embed          | {"inputs": "a", "normalize": "yes"}        | 422 | validation | `normalize` must be a boolean
            /embed          | {"inputs": "a", "truncation_direction": "up"} | 422 | validation | `truncation_direction` must be
            /embed          | {"inputs": "a", "prompt_name": "query"}    | 422 | validation | no prompts were found
            /embed          | {"inputs": "a", "dimensions": 0}           | 422 | validation | `dimensions` should be positive
            /embed          | {"inputs": "a", "dimensions": 5}           | 422 | validation | `dimensions` should be smaller
            /embed          | {"inputs": []}                             | 400 | empty      | `inputs` cannot be empty
            /embed          | {"inputs": "a\\ud800b"}                   | 422 | validation | `inputs` holds a lone surrogate (\\ud800 at character 1)
            /embed          | {"inputs": ["a", "b\\udc00"]}             | 422 | validation | `inputs[1]` holds a lone surrogate (\\udc00 at character 1)
            /similarity     | {"inputs": {"source_sentence": "\\ud800", "sentences": ["a"]}} | 422 | validation | `inputs.source_sentence` holds a lone surrogate
            /embed          | {"inputs": ["a", "b", "c", "d", "e"]}      | 422 | validation | batch size 5 > maximum allowed batch size 4
            /embed_all      | {"inputs": []}                             | 400 | empty      | `inputs` cannot be empty
            /similarity     | {"inputs": {"source_sentence": "a", "sentences": []}} | 400 | empty | `inputs.sentences` cannot be empty
            /similarity     | {"inputs": "a"}                            | 422 | validation | `inputs` must be an object
            /tokenize       | {"inputs": 3}                              | 422 | validation | `inputs` must be a string
            /decode         | {"ids": [1, "x"]}                          | 422 | validation | `ids[1]` must be a token id
            /decode         | {"ids": [99999999]}                        | 422 | tokenizer  | outside the vocabulary
            /decode         | {"ids": [3, -1]}                           | 422 | validation | `ids[1]` must be a token id (an integer >= 0), not -1
            /decode         | {"ids": [1.5]}                             | 422 | validation | `ids[0]` must be a token id (an integer >= 0), not 1.5
            /decode         | {"ids": [2147483648]}                      | 422 | validation | `ids[0]` must be a token id (an integer >= 0), not 2147483648
            /decode         | {"ids": [[1], [2], [3], [4], [5]]}         | 422 | validation | batch size 5
            """)
    void teiRoutes(String path, String body, int status, String type, String message) throws Exception {
        HttpResponse<String> r = s.post(path.strip(), body == null ? "" : body.strip());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode err = TestServer.json(r);
        assertThat(err.get("error_type").asText()).isEqualTo(type.strip());
        assertThat(err.get("error").asText()).contains(message.strip());
        assertThat(r.body()).doesNotContain("\tat ", "Exception");
    }

    /** axum's Json extractor, which TEI's routes use: application/json or application/*+json, parameters allowed. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            application/json                  | 200
            application/json; charset=utf-8   | 200
            Application/JSON;charset=UTF-8    | 200
            application/vnd.api+json          | 200
            none                              | 415
            text/plain                        | 415
            text/json                         | 415
            application/x-www-form-urlencoded | 415
            application/jsonx                 | 415
            """)
    void onlyJsonContentTypesAreRead(String contentType, int status) throws Exception {
        for (String path : new String[] {"/embed", "/tokenize"}) {
            HttpResponse<String> r = s.postAs(path, contentType, "{\"inputs\": \"a\"}");
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(status);
            if (status == 415) {
                JsonNode err = TestServer.json(r);
                assertThat(err.get("error_type").asText()).isEqualTo("unsupported_media_type");
                assertThat(err.get("error").asText()).isEqualTo("Expected request with `Content-Type: application/json`");
            }
        }
        HttpResponse<String> r = s.postAs("/v1/embeddings", contentType, "{\"input\": \"a\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status == 415) {
            assertThat(TestServer.json(r).get("error").get("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    /** Bytes Jackson fails on before parsing (its encoding detection), with an IOException that is no JsonProcessingException. */
    @Test
    void anUndecodableBodyIsAValidationError() throws Exception {
        HttpResponse<String> r = s.post("/embed", "\0<\0\0");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).get("error").asText())
                .isEqualTo("Failed to parse the request body as JSON: Unsupported UCS-4 endianness (3412) detected");
    }

    @Test
    void tooLongWithoutTruncation() throws Exception {
        HttpResponse<String> r = s.post("/embed", "{\"inputs\": \"" + "word ".repeat(150) + "\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).get("error").asText()).isEqualTo("`inputs` must have less than 128 tokens. Given: 152");
    }

    @Test
    void overThePayloadLimit() throws Exception {
        HttpResponse<String> r = s.post("/embed", "{\"inputs\": \"" + "x".repeat(2000) + "\"}");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(TestServer.json(r).get("error_type").asText()).isEqualTo("payload_too_large");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cut short       | Content-Length: 100\\r\\n\\r\\n{"inputs": "a
            bad chunk size  | Transfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n{"inputs": "a"}\\r\\n0\\r\\n\\r\\n
            """)
    void aBodyThatCannotBeReadIsTheClientsFault(String what, String rest) throws Exception {
        try (RawHttp http = new RawHttp(s.server.port())) {
            String head = "POST /embed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
            http.socket.getOutputStream().write((head + rest.translateEscapes()).getBytes(StandardCharsets.UTF_8));
            http.socket.shutdownOutput();
            RawHttp.Response r = http.read();
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"error_type\":\"bad_request\"", "the request body").doesNotContain("Exception");
        }
        assertThat(s.post("/embed", "{\"inputs\": \"a\"}").statusCode()).isEqualTo(200);
    }

    /** Requests Helidon refuses before any route sees them: they get a JSON error body too. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            garbage request line      | 400 | \\0\\1 garbage\\r\\n\\r\\n
            negative Content-Length   | 400 | POST /embed HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: -5\\r\\n\\r\\n{}
            HTTP/1.0                  | 505 | POST /embed HTTP/1.0\\r\\nContent-Length: 2\\r\\n\\r\\n{}
            """)
    void requestsRefusedBeforeRoutingGetAJsonErrorBody(String what, int status, String request) throws Exception {
        try (RawHttp http = new RawHttp(s.server.port())) {
            http.socket.getOutputStream().write(request.translateEscapes().getBytes(StandardCharsets.ISO_8859_1));
            http.socket.shutdownOutput();
            RawHttp.Response r = http.read();
            assertThat(r.status()).as(r.body()).isEqualTo(status);
            assertThat(r.headers()).containsEntry("content-type", "application/json");
            assertThat(TestServer.JSON.readTree(r.body()).get("error").asText()).isNotBlank().doesNotContain("Exception");
        }
        assertThat(s.post("/embed", "{\"inputs\": \"a\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void openAiErrorsComeInOpenAisShape() throws Exception {
        HttpResponse<String> r = s.post("/v1/embeddings", "{\"input\": []}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = TestServer.json(r).get("error");
        assertThat(err.get("message").asText()).isEqualTo("`input` cannot be empty");
        assertThat(err.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(err.get("code").asText()).isEqualTo("empty");
        assertThat(err.has("param")).isTrue();

        r = s.post("/v1/embeddings", "{\"input\": \"a\", \"encoding_format\": \"hex\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).get("error").get("message").asText()).contains("encoding_format");
        r = s.post("/v1/embeddings", "{\"input\": [\"a\", \"\\udbff\"]}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).get("error").get("message").asText()).startsWith("`input[1]` holds a lone surrogate");
        r = s.post("/v1/embeddings", "{\"input\": [[1, -2]]}");
        assertThat(r.statusCode()).isEqualTo(422);
        r = s.post("/v1/embeddings", "{\"input\": {\"a\": 1}}");
        assertThat(TestServer.json(r).get("error").get("message").asText()).contains("`input` must be");
    }

    @Test
    void unknownRoutesAndWrongMethods() throws Exception {
        HttpResponse<String> r = s.get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(r).get("error_type").asText()).isEqualTo("not_found");
        r = s.get("/embed");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).contains("POST");
    }

    @Test
    void theApiKeyGuardsAllButHealthAndMetrics() throws Exception {
        assertThat(keyed.post("/embed", "{\"inputs\": \"a\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> r = keyed.post("/embed", "{\"inputs\": \"a\"}", "Authorization", "Bearer wrong");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(TestServer.json(r).get("error_type").asText()).isEqualTo("unauthorized");
        r = keyed.post("/v1/embeddings", "{\"input\": \"a\"}", "Authorization", "Bearer s3cre");
        assertThat(TestServer.json(r).get("error").get("type").asText()).isEqualTo("authentication_error");
        assertThat(keyed.get("/info").statusCode()).isEqualTo(401);
        assertThat(keyed.post("/embed", "{\"inputs\": \"a\"}", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(keyed.get("/health").statusCode()).isEqualTo(200);
        assertThat(keyed.get("/metrics").statusCode()).isEqualTo(200);
    }

    /** Error answers to HEAD (refused before routing, or no such GET route) carry no body either. */
    @Test
    void errorsAnsweringHeadHaveNoBody() throws Exception {
        for (var t : Map.of(keyed, "/info", s, "/embed").entrySet()) {
            try (RawHttp http = new RawHttp(t.getKey().server.port())) {
                http.write("HEAD " + t.getValue() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(http.readHead().status()).isEqualTo(t.getKey() == keyed ? 401 : 405);
                assertThat(http.read().status()).isEqualTo(200);
            }
        }
    }
}
