#include "image/db/schema.hpp"

namespace onestack::image::db {

// Times are unix microseconds (they sort and compare as integers). Deleted
// images are removed, not kept as soft-deleted rows: nothing in the v2 API
// shows them again.
const std::vector<onestack::db::Migration>& migrations() {
    static const std::vector<onestack::db::Migration> all{
        {1,
         "images, properties, tags, members, locations, tasks",
         {
             R"(CREATE TABLE images (
                 id VARCHAR(36) PRIMARY KEY,
                 name VARCHAR(255),
                 size BIGINT,
                 virtual_size BIGINT,
                 status VARCHAR(30) NOT NULL,
                 visibility VARCHAR(9) NOT NULL,
                 checksum VARCHAR(32),
                 os_hash_algo VARCHAR(64),
                 os_hash_value VARCHAR(128),
                 min_disk BIGINT NOT NULL DEFAULT 0,
                 min_ram BIGINT NOT NULL DEFAULT 0,
                 owner VARCHAR(255),
                 protected INTEGER NOT NULL DEFAULT 0,
                 os_hidden INTEGER NOT NULL DEFAULT 0,
                 disk_format VARCHAR(20),
                 container_format VARCHAR(20),
                 created_at BIGINT NOT NULL,
                 updated_at BIGINT NOT NULL))",
             "CREATE INDEX images_owner ON images (owner)",
             "CREATE INDEX images_created ON images (created_at, id)",
             "CREATE INDEX images_visibility ON images (visibility)",
             R"(CREATE TABLE image_properties (
                 image_id VARCHAR(36) NOT NULL REFERENCES images (id) ON DELETE CASCADE,
                 name VARCHAR(255) NOT NULL,
                 value TEXT,
                 PRIMARY KEY (image_id, name)))",
             "CREATE INDEX image_properties_name ON image_properties (name, value)",
             R"(CREATE TABLE image_tags (
                 image_id VARCHAR(36) NOT NULL REFERENCES images (id) ON DELETE CASCADE,
                 value VARCHAR(255) NOT NULL,
                 position INTEGER NOT NULL,
                 PRIMARY KEY (image_id, value)))",
             "CREATE INDEX image_tags_value ON image_tags (value)",
             R"(CREATE TABLE image_members (
                 image_id VARCHAR(36) NOT NULL REFERENCES images (id) ON DELETE CASCADE,
                 member VARCHAR(255) NOT NULL,
                 status VARCHAR(20) NOT NULL,
                 created_at BIGINT NOT NULL,
                 updated_at BIGINT NOT NULL,
                 PRIMARY KEY (image_id, member)))",
             "CREATE INDEX image_members_member ON image_members (member, status)",
             R"(CREATE TABLE image_locations (
                 id %SERIAL_PK%,
                 image_id VARCHAR(36) NOT NULL REFERENCES images (id) ON DELETE CASCADE,
                 store VARCHAR(255) NOT NULL,
                 url TEXT NOT NULL,
                 status VARCHAR(30) NOT NULL,
                 created_at BIGINT NOT NULL))",
             "CREATE INDEX image_locations_image ON image_locations (image_id)",
             R"(CREATE TABLE tasks (
                 id VARCHAR(36) PRIMARY KEY,
                 type VARCHAR(30) NOT NULL,
                 status VARCHAR(30) NOT NULL,
                 owner VARCHAR(255),
                 input TEXT,
                 result TEXT,
                 message TEXT NOT NULL,
                 image_id VARCHAR(36),
                 request_id VARCHAR(64),
                 user_id VARCHAR(64),
                 expires_at BIGINT,
                 created_at BIGINT NOT NULL,
                 updated_at BIGINT NOT NULL))",
             "CREATE INDEX tasks_image ON tasks (image_id)",
         }},
    };
    return all;
}

}  // namespace onestack::image::db
