-- The identity shopsync uses: binlog reading for the capture, and status write-back (UPDATE orders, INSERT logs).
CREATE USER 'shopsync_cdc'@'%' IDENTIFIED BY 'change-me-cdc';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO 'shopsync_cdc'@'%';
GRANT INSERT, UPDATE ON shop.* TO 'shopsync_cdc'@'%';
