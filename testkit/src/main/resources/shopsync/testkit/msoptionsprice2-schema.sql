-- =====================================================================
-- msOptionsPrice2 (MODX Extra, package "msoptionsprice"): the two tables shopsync reads.
-- Not part of minishop2-schema.sql (the reference copy of miniShop2's own tables); written for the test kit from
-- the extra's published xPDO model, as found in public shop repositories:
--   * core/components/msoptionsprice/model/msoptionsprice/mysql/msopmodification.map.inc.php
--     (evgrishin/mes 5c4f8b6; the newer model: name, old_price, sync_id, sync_service, description)
--   * core/components/msoptionsprice/model/schema/msoptionsprice.mysql.schema.xml
--     (werwolf41/shopModx 06355e5; an older model without those five columns)
-- Both declare MyISAM; the model's `price` is a VARCHAR: a number, or a percentage ("10%"), which `type` applies to
-- the product's price (1: is the price, 2: added to it, 3: taken from it).
-- The options table is utf8 (3 bytes a character): its primary key (mid, rid, key VARCHAR(255)) does not fit MyISAM's
-- 1000-byte key limit in utf8mb4, so a shop that has the extra installed has it in utf8 (or in InnoDB).
-- =====================================================================

CREATE TABLE IF NOT EXISTS `modx_msop_modifications` (
  `id`           INT(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  `name`         VARCHAR(255) NULL DEFAULT '',
  `rid`          INT(10) UNSIGNED NULL DEFAULT 0,          -- the product (site_content.id)
  `type`         TINYINT(3) UNSIGNED NOT NULL DEFAULT 1,
  `price`        VARCHAR(11) NOT NULL DEFAULT '0',
  `old_price`    VARCHAR(11) NOT NULL DEFAULT '0',
  `article`      VARCHAR(50) NULL DEFAULT '',
  `weight`       DECIMAL(13,3) NOT NULL DEFAULT 0,
  `count`        INT(10) NOT NULL DEFAULT 0,
  `image`        INT(10) UNSIGNED NULL,
  `active`       TINYINT(1) UNSIGNED NOT NULL DEFAULT 1,
  `rank`         INT(10) UNSIGNED NOT NULL DEFAULT 0,
  `sync_id`      VARCHAR(255) NULL,
  `sync_service` VARCHAR(50) NULL,
  `description`  TEXT NULL,
  PRIMARY KEY (`id`),
  KEY `rid` (`rid`),
  KEY `article` (`article`),
  KEY `image` (`image`),
  KEY `active` (`active`),
  KEY `sync_id` (`sync_id`),
  KEY `sync_service` (`sync_service`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `modx_msop_modification_options` (
  `mid`   INT(10) UNSIGNED NOT NULL DEFAULT 0,             -- msop_modifications.id
  `rid`   INT(10) UNSIGNED NOT NULL DEFAULT 0,             -- the product
  `key`   VARCHAR(255) NOT NULL,
  `value` TEXT NULL,
  PRIMARY KEY (`mid`, `rid`, `key`)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci;
