package diezmil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Diez Mil web-stack server: Undertow, JPA with Hibernate ORM (on the
 * PostgreSQL JDBC driver and HikariCP), mustache.java for HTML and Jackson for
 * JSON. Hibernate is bootstrapped on its own, without a container or Spring.
 *
 * <p>JDBC blocks, so every route runs on Undertow's worker threads
 * (BlockingHandler dispatches it there from the I/O thread); there are as many
 * worker threads as pooled connections.
 *
 * <p>Usage: java -jar target/server.jar PORT WORKERS, with DIEZMIL_PG_URL set
 * (bench/stack/README.md).
 */
public final class Server {

    /** Connections (and worker threads) per worker: the contract's "workers × 4 at most". */
    static final int CONNECTIONS_PER_WORKER = 4;

    private final EntityManagerFactory emf;
    private final ObjectWriter jsonWriter = new ObjectMapper().writer();
    /** mustache.java escapes every {{name}} (& < > " ' ` =). */
    private final Mustache fortunesTemplate = new DefaultMustacheFactory().compile("fortunes.mustache");

    Server(EntityManagerFactory emf) {
        this.emf = emf;
    }

    static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, 10_001);
    }

    /** {@code ?queries=}: clamped to 1..500; missing or not a number gives 1. */
    static int clampCount(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        try {
            int n = Integer.parseInt(values == null ? "" : values.getFirst());
            return Math.min(Math.max(n, 1), 500);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * Loads `count` random rows with EntityManager.find, one after another, in
     * one persistence context. Reads only, so no transaction: each query runs
     * in autocommit mode.
     */
    List<World> worlds(int count) {
        List<World> worlds = new ArrayList<>(count);
        try (EntityManager em = emf.createEntityManager()) {
            for (int i = 0; i < count; i++) {
                worlds.add(em.find(World.class, randomId()));
            }
        }
        return worlds;
    }

    void db(HttpServerExchange exchange) throws IOException {
        sendJson(exchange, worlds(1).get(0));
    }

    void queries(HttpServerExchange exchange) throws IOException {
        sendJson(exchange, worlds(clampCount(exchange, "queries")));
    }

    void fortunes(HttpServerExchange exchange) throws IOException {
        List<Fortune> fortunes;
        try (EntityManager em = emf.createEntityManager()) {
            fortunes = new ArrayList<>(em.createQuery("SELECT f FROM Fortune f", Fortune.class).getResultList());
        }
        fortunes.add(new Fortune(0, "Additional fortune added at request time."));
        fortunes.sort(Comparator.comparing(Fortune::getMessage));
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
                        .addExactPath("/fortunes", new BlockingHandler(this::fortunes)),
                "Server",
                "undertow");
    }

    /**
     * Hibernate's own bootstrap (JPA 3.2 PersistenceConfiguration): the
     * entities, the database from postgres://user:password@host:port/database,
     * and the pool, HikariCP through hibernate-hikaricp.
     */
    static EntityManagerFactory entityManagerFactory(String pgUrl, int poolSize) {
        URI uri = URI.create(pgUrl);
        String[] credentials = uri.getUserInfo().split(":", 2);
        return new HibernatePersistenceConfiguration("diezmil")
                .managedClasses(World.class, Fortune.class)
                .jdbcUrl("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath())
                .jdbcCredentials(credentials[0], credentials[1])
                .jdbcPoolSize(poolSize)
                .createEntityManagerFactory();
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        int connections = workers * CONNECTIONS_PER_WORKER;

        String pgUrl = System.getenv("DIEZMIL_PG_URL");
        if (pgUrl == null || pgUrl.isEmpty()) {
            throw new IllegalStateException("DIEZMIL_PG_URL is not set (see bench/stack/README.md)");
        }
        EntityManagerFactory emf = entityManagerFactory(pgUrl, connections);

        Undertow server = Undertow.builder()
                .addHttpListener(port, System.getenv().getOrDefault("DIEZMIL_BIND", "127.0.0.1")) // the server host's address with --hosts
                .setIoThreads(workers)
                .setWorkerThreads(connections)
                .setHandler(new Server(emf).routes())
                .build();
        // No shutdown hook: the JVM exits on SIGTERM, and PostgreSQL drops the
        // connections of a process that is gone.
        server.start();
    }
}
