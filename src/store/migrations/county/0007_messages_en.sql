-- Messages for the clerk in both languages (the interface shows the half of its language and
-- never splits a message): `message` keeps the Chinese, `message_en` the English, both written
-- where the outcome or finding is decided. Rows written before this migration have no English
-- half ('' here); they are read with the English label of their reason — of their outcome for a
-- file taken as it was, of their kind for an office finding — which is what the English
-- interface showed for them before.
ALTER TABLE file ADD COLUMN message_en TEXT NOT NULL DEFAULT '';
ALTER TABLE import_event ADD COLUMN message_en TEXT NOT NULL DEFAULT '';
ALTER TABLE office_finding ADD COLUMN message_en TEXT NOT NULL DEFAULT '';
