import GRDB

/// The schema, as named migrations. A migration is never edited once shipped; add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: incidents, outbox, check-ins, timeline, transcript, action items, surveys, root messages, inbound events, known channels") { db in
            try db.create(table: "incident") { t in
                t.primaryKey("number", .integer)
                t.column("title", .text).notNull().check { length($0) > 0 }
                t.column("severity", .text).notNull()
                t.column("service", .text)
                t.column("tier", .integer).notNull().check { $0 >= 1 }
                t.column("state", .text).notNull()
                    .check { ["declared", "investigating", "identified", "monitoring", "resolved", "cancelled"].contains($0) }
                t.column("commander", .text).notNull()
                t.column("comms_lead", .text)
                t.column("scribe", .text)
                t.column("declared_by", .text).notNull()
                t.column("declared_at", .datetime).notNull()
                t.column("channel_id", .text).unique()
                t.column("channel_name", .text)
                t.column("channel_creator", .text)
                t.column("latest_status", .text)
                t.column("last_status_at", .datetime)
                t.column("next_update_due", .datetime).indexed()
                t.column("missed_updates", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
                t.column("told_channels", .text).notNull().defaults(to: "[]")
                t.column("resolved_at", .datetime)
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("incident_number", .integer).notNull().indexed().references("incident", onDelete: .cascade)
                t.column("lane", .text).notNull()
                t.column("effect", .text).notNull()
                t.column("needs_channel", .boolean).notNull()
                t.column("status", .text).notNull().check { ["pending", "done", "failed"].contains($0) }
                t.column("attempts", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
                t.column("settled_attempts", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
                t.column("not_before", .datetime).notNull()
                t.column("last_error", .text)
                t.column("result", .text)
                t.column("created_at", .datetime).notNull()
                t.column("finished_at", .datetime)
            }
            try db.create(index: "outbox_pending_by_lane", on: "outbox", columns: ["status", "lane", "id"])
            try db.create(table: "check_in") { t in
                t.column("incident_number", .integer).notNull().references("incident", onDelete: .cascade)
                t.column("user_id", .text).notNull()
                t.column("checked_in_at", .datetime).notNull()
                t.primaryKey(["incident_number", "user_id"])
            }
            try db.create(table: "root_message") { t in
                t.column("incident_number", .integer).notNull().references("incident", onDelete: .cascade)
                t.column("channel_name", .text).notNull()
                t.column("channel_id", .text).notNull()
                t.column("ts", .text).notNull()
                t.primaryKey(["incident_number", "channel_name"])
            }
            try db.create(index: "root_message_by_ts", on: "root_message", columns: ["channel_id", "ts"], unique: true)
            try db.create(table: "inbound_event") { t in
                t.primaryKey("id", .text)
                t.column("received_at", .datetime).notNull()
                t.column("incident_number", .integer).references("incident", onDelete: .cascade)
            }
            try db.create(table: "timeline_entry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("incident_number", .integer).notNull().references("incident", onDelete: .cascade)
                t.column("at", .datetime).notNull()
                t.column("kind", .text).notNull()
                t.column("actor", .text)
                t.column("text", .text).notNull()
                t.column("key", .text).notNull()
                t.uniqueKey(["incident_number", "key"])
            }
            try db.create(table: "transcript_message") { t in
                t.column("incident_number", .integer).notNull().references("incident", onDelete: .cascade)
                t.column("ts", .text).notNull()
                t.column("user_id", .text).notNull()
                t.column("text", .text).notNull()
                t.column("thread_ts", .text)
                t.column("files", .text).notNull().defaults(to: "[]")
                t.primaryKey(["incident_number", "ts"])
            }
            try db.create(table: "action_item") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("incident_number", .integer).notNull().indexed().references("incident", onDelete: .cascade)
                t.column("owner", .text).notNull()
                t.column("text", .text).notNull().check { length($0) > 0 }
                t.column("due", .text)
                t.column("state", .text).notNull().check { ["open", "done"].contains($0) }
                t.column("created_by", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("done_at", .datetime)
                t.column("tracker_key", .text)
            }
            try db.create(table: "survey_response") { t in
                t.column("incident_number", .integer).notNull().references("incident", onDelete: .cascade)
                t.column("user_id", .text).notNull()
                t.column("answers", .text).notNull()
                t.column("submitted_at", .datetime).notNull()
                t.primaryKey(["incident_number", "user_id"])
            }
            try db.create(table: "known_channel") { t in
                t.primaryKey("name", .text)
                t.column("id", .text).notNull().unique()
                t.column("creator", .text)
            }
        }
        migrator.registerMigration("v2: outbox indexes that keep the delivery queries fast with a large backlog") { db in
            // The runnable entries, oldest first: a scan that stops after the first few lane heads.
            try db.create(index: "outbox_pending_by_id", on: "outbox", columns: ["status", "id"])
            // The next retry or backoff due date, without reading every pending row.
            try db.create(index: "outbox_pending_by_due_date", on: "outbox", columns: ["status", "not_before"])
        }
        migrator.registerMigration("v3: what people wrote is stored as rich text (JSON), mentions and links kept as values") { db in
            // Rows written before held plain text: each becomes the JSON string of that text.
            try db.execute(sql: "UPDATE timeline_entry SET text = json_quote(text)")
            try db.execute(sql: "UPDATE transcript_message SET text = json_quote(text)")
            try db.execute(sql: "UPDATE incident SET latest_status = json_quote(latest_status) WHERE latest_status IS NOT NULL")
        }
        migrator.registerMigration("v4: on-call shifts are incident records of kind oncall") { db in
            // Every row before this was an incident; the CHECK names the kinds of IncidentKind.
            try db.alter(table: "incident") { t in
                t.add(column: "kind", .text).notNull().defaults(to: "incident").check { ["incident", "oncall"].contains($0) }
            }
        }
        return migrator
    }
}
