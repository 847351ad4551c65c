package diezmil;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * Diez Mil web-stack server: Undertow, JDBC (the PostgreSQL driver) through a
 * HikariCP pool, Jedis for the read-through cache, mustache.java for HTML and
 * Jackson for JSON.
 *
 * <p>JDBC blocks, so every route runs on Undertow's worker threads
 * (BlockingHandler dispatches it there from the I/O thread); there are as many
 * worker threads as pooled connections.
 *
 * <p>Usage: java -jar target/server.jar PORT WORKERS, with DIEZMIL_PG_URL and
 * DIEZMIL_REDIS_URL set (bench/stack/README.md).
 */
public final class Server {

    static final String SELECT_WORLD = "SELECT id, randomnumber FROM world WHERE id = ?";
    static final String SELECT_FORTUNES = "SELECT id, message FROM fortune";
    static final int CACHE_TTL_SECONDS = 60;
    /** Connections (and worker threads) per worker: the contract's "workers × 4 at most". */
    static final int CONNECTIONS_PER_WORKER = 4;

    @JsonPropertyOrder({"id", "randomNumber"})
    public record World(int id, int randomNumber) {}

    public record Fortune(int id, String message) {}

    private final HikariDataSource db;
    private final RedisClient cache;
    private final ObjectWriter jsonWriter;
    private final ObjectReader worldReader;
    /** mustache.java escapes every {{name}} (& < > " ' ` =). */
    private final Mustache fortunesTemplate = new DefaultMustacheFactory().compile("fortunes.mustache");

    Server(HikariDataSource db, RedisClient cache) {
        this.db = db;
        this.cache = cache;
        ObjectMapper mapper = new ObjectMapper();
        this.jsonWriter = mapper.writer();
        this.worldReader = mapper.readerFor(World.class);
    }

    static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, 10_001);
    }

    /** {@code ?queries=} and {@code ?count=}: clamped to 1..500; missing or not a number gives 1. */
    static int clampCount(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        try {
            int n = Integer.parseInt(values == null ? "" : values.getFirst());
            return Math.min(Math.max(n, 1), 500);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static World world(PreparedStatement statement, int id) throws SQLException {
        statement.setInt(1, id);
        try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("world " + id + " not found");
            }
            return new World(rs.getInt(1), rs.getInt(2));
        }
    }

    /** Reads `count` rows, one query after another, on one pooled connection. */
    List<World> worlds(int count, boolean sameId) throws SQLException {
        List<World> worlds = new ArrayList<>(count);
        int id = randomId();
        try (Connection connection = db.getConnection();
                PreparedStatement statement = connection.prepareStatement(SELECT_WORLD)) {
            for (int i = 0; i < count; i++) {
                worlds.add(world(statement, sameId ? id : randomId()));
            }
        }
        return worlds;
    }

    void db(HttpServerExchange exchange) throws Exception {
        sendJson(exchange, worlds(1, false).get(0));
    }

    void queries(HttpServerExchange exchange) throws Exception {
        sendJson(exchange, worlds(clampCount(exchange, "queries"), false));
    }

    void repeated(HttpServerExchange exchange) throws Exception {
        sendJson(exchange, worlds(clampCount(exchange, "count"), true));
    }

    /** Read-through cache: Redis first, PostgreSQL on a miss (then stored for 60 s). */
    World cachedWorld(int id) throws SQLException, IOException {
        String key = "world:" + id;
        String hit = cache.get(key);
        if (hit != null) {
            return worldReader.readValue(hit);
        }
        World world;
        try (Connection connection = db.getConnection();
                PreparedStatement statement = connection.prepareStatement(SELECT_WORLD)) {
            world = world(statement, id);
        }
        cache.setex(key, CACHE_TTL_SECONDS, jsonWriter.writeValueAsString(world));
        return world;
    }

    void cached(HttpServerExchange exchange) throws Exception {
        int count = clampCount(exchange, "count");
        int id = randomId();
        List<World> worlds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            worlds.add(cachedWorld(id));
        }
        sendJson(exchange, worlds);
    }

    void fortunes(HttpServerExchange exchange) throws Exception {
        List<Fortune> fortunes = new ArrayList<>();
        try (Connection connection = db.getConnection();
                PreparedStatement statement = connection.prepareStatement(SELECT_FORTUNES);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                fortunes.add(new Fortune(rs.getInt(1), rs.getString(2)));
            }
        }
        fortunes.add(new Fortune(0, "Additional fortune added at request time."));
        fortunes.sort(Comparator.comparing(Fortune::message));
        StringWriter html = new StringWriter();
        fortunesTemplate.execute(html, Map.of("fortunes", fortunes)).flush();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getResponseSender().send(html.toString(), StandardCharsets.UTF_8);
    }

    void sendJson(HttpServerExchange exchange, Object value) throws IOException {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(jsonWriter.writeValueAsString(value), StandardCharsets.UTF_8);
    }

    /**
     * The routes, each moved off the I/O thread by BlockingHandler, with a
     * Server header on every response. Undertow sends Date, keeps HTTP/1.1
     * connections alive and answers HEAD on the same handlers without the body.
     */
    HttpHandler routes() {
        return Handlers.header(
                Handlers.path()
                        .addExactPath("/db", new BlockingHandler(this::db))
                        .addExactPath("/queries", new BlockingHandler(this::queries))
                        .addExactPath("/fortunes", new BlockingHandler(this::fortunes))
                        .addExactPath("/repeated", new BlockingHandler(this::repeated))
                        .addExactPath("/cached", new BlockingHandler(this::cached)),
                "Server",
                "undertow");
    }

    static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(name + " is not set (see bench/stack/README.md)");
        }
        return value;
    }

    /** postgres://user:password@host:port/database, as the runner gives it, to HikariCP's settings. */
    static HikariDataSource pool(String pgUrl, int size) {
        URI uri = URI.create(pgUrl);
        String[] credentials = uri.getUserInfo().split(":", 2);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath());
        config.setUsername(credentials[0]);
        config.setPassword(credentials[1]);
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        int connections = workers * CONNECTIONS_PER_WORKER;

        HikariDataSource db = pool(requiredEnv("DIEZMIL_PG_URL"), connections);
        ConnectionPoolConfig redisPool = new ConnectionPoolConfig();
        redisPool.setMaxTotal(connections);
        redisPool.setMaxIdle(connections);
        RedisClient cache = RedisClient.builder()
                .fromURI(requiredEnv("DIEZMIL_REDIS_URL"))
                .poolConfig(redisPool)
                .build();

        Undertow server = Undertow.builder()
                .addHttpListener(port, System.getenv().getOrDefault("DIEZMIL_BIND", "127.0.0.1")) // the server host's address with --hosts
                .setIoThreads(workers)
                .setWorkerThreads(connections)
                .setHandler(new Server(db, cache).routes())
                .build();
        // No shutdown hook: the JVM exits on SIGTERM, and PostgreSQL and Redis
        // drop the connections of a process that is gone.
        server.start();
    }
}
