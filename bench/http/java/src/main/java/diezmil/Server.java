package diezmil;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * Diez Mil HTTP benchmark server: Undertow with one I/O thread per core
 * ({workers}), Jackson for JSON and jackson-dataformat-msgpack for
 * MessagePack, decoding into a Java record.
 *
 * <p>The handlers do CPU work only (no blocking I/O), so they run on the I/O
 * threads, like one event loop per core; a handler that blocked would call
 * exchange.dispatch() to move to Undertow's worker pool.
 *
 * <p>Usage, from this folder: java -jar target/server.jar PORT WORKERS
 */
public final class Server {

    /** One of the 1000 records; components in the order of the JSON keys. */
    @JsonPropertyOrder({"id", "name", "description", "type", "count", "created_at"})
    public record Item(
            int id,
            String name,
            String description,
            String type,
            int count,
            @JsonProperty("created_at") @JsonSerialize(using = PlainDoubleSerializer.class) double createdAt) {}

    /**
     * Writes a double in plain decimal notation with the shortest digits that
     * read back as the same double, as Python's json and JavaScript's JSON do:
     * 1569882498.9117897. Jackson's default is Double.toString, which switches
     * to scientific notation from 10^7 on (1.5698824989117897E9) and so would
     * not reproduce records.json byte for byte. BigDecimal.valueOf takes the
     * digits of Double.toString (the shortest round-trip digits for this value;
     * always so from Java 19 on) and toPlainString drops the exponent.
     */
    public static final class PlainDoubleSerializer extends StdSerializer<Double> {
        public PlainDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(BigDecimal.valueOf(value).toPlainString());
        }
    }

    private static final byte[] WELCOME = "Welcome!\n".getBytes(StandardCharsets.UTF_8);

    private final List<byte[]> packed;
    private final List<Item> records;
    private final byte[] document;
    private final ObjectReader msgpackReader = new ObjectMapper(new MessagePackFactory()).readerFor(Item.class);
    private final ObjectWriter jsonWriter = new ObjectMapper().writer();

    Server(Path msgpackStream) throws IOException {
        packed = split(Files.readAllBytes(msgpackStream));
        records = decodeAll();
        document = jsonWriter.writeValueAsBytes(records);
    }

    /**
     * Splits the MessagePack stream into the 1000 separately encoded records,
     * as a service would hold them after fetching them from a cache.
     */
    static List<byte[]> split(byte[] stream) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(stream)) {
            while (unpacker.hasNext()) {
                int start = (int) unpacker.getTotalReadBytes();
                unpacker.skipValue();
                int end = (int) unpacker.getTotalReadBytes();
                byte[] one = new byte[end - start];
                System.arraycopy(stream, start, one, 0, one.length);
                out.add(one);
            }
        }
        return out;
    }

    List<Item> decodeAll() throws IOException {
        List<Item> out = new ArrayList<>(packed.size());
        for (byte[] bytes : packed) {
            out.add(msgpackReader.readValue(bytes));
        }
        return out;
    }

    static long oneMillionLoop() {
        long acc = 0;
        for (long i = 0; i < 1_000_000; i++) {
            acc = (acc * 31 + i) % 1_000_003;
            if (acc % 2 == 0) {
                acc += 1;
            }
        }
        return acc;
    }

    /**
     * The test routes, with a Server header on every response. Undertow sends
     * Date and keeps HTTP/1.1 connections alive by default, and the path
     * handler serves HEAD like GET, the body left out by Undertow.
     */
    HttpHandler routes() {
        return Handlers.header(routesOnly(), "Server", "undertow");
    }

    private HttpHandler routesOnly() {
        return Handlers.path()
                .addExactPath("/", exchange -> send(exchange, "text/plain", ByteBuffer.wrap(WELCOME)))
                .addExactPath("/parse-msgpack", exchange -> sendText(exchange, decodeAll().size()))
                .addExactPath("/encode-json", exchange ->
                        sendText(exchange, jsonWriter.writeValueAsString(records).length()))
                .addExactPath("/transfer-data", exchange ->
                        send(exchange, "application/json", ByteBuffer.wrap(document)))
                .addExactPath("/loop", exchange -> sendText(exchange, oneMillionLoop()));
    }

    private static void sendText(HttpServerExchange exchange, long value) {
        send(exchange, "text/plain", ByteBuffer.wrap(Long.toString(value).getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends the whole body at once; Undertow sets Content-Length and keeps the connection alive. */
    private static void send(HttpServerExchange exchange, String contentType, ByteBuffer body) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(body);
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();

        Server app = new Server(Path.of("../../data/records.msgpack"));
        Undertow server = Undertow.builder()
                .addHttpListener(port, System.getenv().getOrDefault("DIEZMIL_BIND", "127.0.0.1")) // the server host's address with --hosts
                .setIoThreads(workers)
                .setHandler(app.routes())
                .build();
        // No shutdown hook: the JVM exits on SIGTERM and there is nothing to
        // flush; Undertow's graceful stop() would first finish every request
        // already queued on the I/O threads.
        server.start();
    }
}
