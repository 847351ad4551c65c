<?php
// Prints {library: version} for the PHP stack: PHP-FPM, the extensions that
// index.php uses, the libpq they link, and nginx.
$versions = [
    'php' => PHP_VERSION,
    'pdo_pgsql' => phpversion('pdo_pgsql'),
    'libpq' => PGSQL_LIBPQ_VERSION,
    'redis' => phpversion('redis'),
    'msgpack' => phpversion('msgpack'),
    'opcache' => phpversion('Zend OPcache'),
];
// nginx -v prints "nginx version: nginx/1.22.1" on stderr.
exec('nginx -v 2>&1', $out);
$versions['nginx'] = substr(strrchr($out[0], '/'), 1);
echo json_encode($versions), "\n";
