<?php
/**
 * The fortunes page, in PHP's own templating; index.php's fortunes() includes
 * it with $fortunes (id => message, sorted by message) in scope.
 * @var array<int, string> $fortunes
 */
?>
<!DOCTYPE html>
<html>
<head><title>Fortunes</title></head>
<body>
<table>
<tr><th>id</th><th>message</th></tr>
<?php foreach ($fortunes as $id => $message): ?>
<tr><td><?= $id ?></td><td><?= htmlspecialchars($message) ?></td></tr>
<?php endforeach ?>
</table>
</body>
</html>
