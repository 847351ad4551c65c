<?php
// Diez Mil web-stack suite: plain PHP behind nginx and PHP-FPM
// (bench/stack/README.md). The front controller: nginx sends every request
// here, and the request path picks the handler. The database tests use PDO
// and phpredis; the five tests of the HTTP suite (bench/README.md) follow.
declare(strict_types=1);

const WORLD_ROWS = 10000;
const WORLD_SQL = 'SELECT id, randomnumber FROM world WHERE id = ?';

// One persistent connection per PHP-FPM worker, kept between requests: PHP
// itself has no pool, and a new PostgreSQL connection per request would cost
// more than the request.
function pdo(): PDO
{
    static $pdo = null;
    return $pdo ??= new PDO(
        sprintf('pgsql:host=%s;port=%s;dbname=%s', getenv('PGHOST'), getenv('PGPORT'), getenv('PGDATABASE')),
        getenv('PGUSER'),
        getenv('PGPASSWORD'),
        [PDO::ATTR_PERSISTENT => true, PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION],
    );
}

// The same for Redis: phpredis keeps the connection open between requests.
function redis(): Redis
{
    static $redis = null;
    if ($redis === null) {
        $url = parse_url(getenv('DIEZMIL_REDIS_URL'));
        $redis = new Redis();
        $redis->pconnect($url['host'], $url['port']);
    }
    return $redis;
}

/** TechEmpower's rule: an integer clamped to 1..500; missing or not a number is 1. */
function countArg(string $name): int
{
    $count = filter_var($_GET[$name] ?? null, FILTER_VALIDATE_INT);
    return $count === false ? 1 : min(max($count, 1), 500);
}

function sendJson(mixed $value): void
{
    header('Content-Type: application/json');
    echo json_encode($value);
}

function sendText(string $text): void
{
    header('Content-Type: text/plain');
    echo $text;
}

/** @return array{id: int, randomNumber: int} */
function findWorld(PDOStatement $statement, int $id): array
{
    $statement->execute([$id]);
    [$id, $randomNumber] = $statement->fetch(PDO::FETCH_NUM);
    return ['id' => $id, 'randomNumber' => $randomNumber];
}

function db(): void
{
    sendJson(findWorld(pdo()->prepare(WORLD_SQL), mt_rand(1, WORLD_ROWS)));
}

function queries(): void
{
    $count = countArg('queries');
    $statement = pdo()->prepare(WORLD_SQL);
    $worlds = [];
    for ($i = 0; $i < $count; $i++) {
        $worlds[] = findWorld($statement, mt_rand(1, WORLD_ROWS));
    }
    sendJson($worlds);
}

function fortunes(): void
{
    $fortunes = pdo()->query('SELECT id, message FROM fortune')->fetchAll(PDO::FETCH_KEY_PAIR);
    $fortunes[0] = 'Additional fortune added at request time.';
    asort($fortunes, SORT_STRING);
    header('Content-Type: text/html; charset=utf-8');
    require __DIR__ . '/fortunes.php';
}

function repeated(): void
{
    $count = countArg('count');
    $id = mt_rand(1, WORLD_ROWS);
    $statement = pdo()->prepare(WORLD_SQL);
    $worlds = [];
    for ($i = 0; $i < $count; $i++) {
        $worlds[] = findWorld($statement, $id);
    }
    sendJson($worlds);
}

/** Read-through cache: every read asks Redis first, PostgreSQL on a miss. */
function cached(): void
{
    $count = countArg('count');
    $id = mt_rand(1, WORLD_ROWS);
    $key = "world:$id";
    $worlds = [];
    for ($i = 0; $i < $count; $i++) {
        $hit = redis()->get($key);
        if ($hit === false) {
            $world = findWorld(pdo()->prepare(WORLD_SQL), $id);
            redis()->set($key, json_encode($world), ['EX' => 60]);
        } else {
            $world = json_decode($hit, true);
        }
        $worlds[] = $world;
    }
    sendJson($worlds);
}

// ---------------------------------------------------------------- the HTTP suite's five tests

/** The records prepared at start-up (prepare-data.php), from OPcache's shared memory. */
function data(): array
{
    return require getenv('DIEZMIL_WORK_DIR') . '/records.php';
}

function parseMsgpack(): void
{
    $records = [];
    foreach (data()['packed'] as $packed) {
        $records[] = msgpack_unpack($packed);
    }
    sendText((string) count($records));
}

function encodeJson(): void
{
    sendText((string) strlen(json_encode(data()['records'])));
}

function transferData(): void
{
    header('Content-Type: application/json');
    echo data()['document'];
}

function loop(): void
{
    $acc = 0;
    for ($i = 0; $i < 1000000; $i++) {
        $acc = ($acc * 31 + $i) % 1000003;
        if ($acc % 2 === 0) {
            $acc += 1;
        }
    }
    sendText((string) $acc);
}

match (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH)) {
    '/db' => db(),
    '/queries' => queries(),
    '/fortunes' => fortunes(),
    '/repeated' => repeated(),
    '/cached' => cached(),
    '/' => sendText("Welcome!\n"),
    '/parse-msgpack' => parseMsgpack(),
    '/encode-json' => encodeJson(),
    '/transfer-data' => transferData(),
    '/loop' => loop(),
    default => (function (): void {
        http_response_code(404);
        sendText("Not Found\n");
    })(),
};
