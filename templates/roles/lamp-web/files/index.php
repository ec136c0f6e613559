<?php
// The LAMP stack's page: one message read from the database VM, and which servers took part.
$db = require '/etc/lamp/database.php';
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
try {
    $link = new mysqli($db['host'], $db['user'], $db['password'], $db['name'], $db['port']);
    $row = $link->query('SELECT message, @@hostname AS server FROM greetings WHERE id = 1')->fetch_assoc();
    $link->close();
} catch (mysqli_sql_exception $error) {
    http_response_code(503);
    header('Content-Type: text/plain; charset=utf-8');
    echo 'The database is not reachable: ', $error->getMessage(), "\n";
    exit;
}
$e = fn ($text) => htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8');
?>
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>LAMP on CloudStack</title></head>
<body>
<h1 id="message"><?= $e($row['message'] ?? '(no greeting stored)') ?></h1>
<p>Read from the database server <b id="database-server"><?= $e($row['server'] ?? '') ?></b>
   by the web server <b id="web-server"><?= $e(gethostname()) ?></b>.</p>
</body>
</html>
