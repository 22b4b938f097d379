import Logging
import PostgresNIO
import TocsinApp

/// The schema, as numbered migrations recorded in `schema_migrations`. A migration is never edited once
/// shipped; add a new one.
///
/// All of them run in one transaction that first takes a transaction-scoped advisory lock
/// (`pg_advisory_xact_lock`): replicas starting at once on an empty database queue on the lock, the first
/// migrates, and the others then find every version recorded and do nothing. The lock ends with the transaction.
enum PostgresMigrations {
    /// The advisory lock's key: any constant no other part of Tocsin uses ("tocsin" in ASCII).
    static let lockKey: Int64 = 0x746F_6373_696E

    struct Migration {
        var version: Int
        var name: String
        var statements: [PostgresQuery]
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "incidents, counters, outbox with leases, check-ins, timeline, transcript, action items, surveys, root messages, inbound events, known channels", statements: [
            """
            CREATE TABLE incident (
                number integer PRIMARY KEY CHECK (number >= 1),
                title text NOT NULL CHECK (length(title) > 0),
                severity text NOT NULL,
                service text,
                tier integer NOT NULL CHECK (tier >= 1),
                state text NOT NULL CHECK (state IN ('declared', 'investigating', 'identified', 'monitoring', 'resolved', 'cancelled')),
                commander text NOT NULL,
                comms_lead text,
                scribe text,
                declared_by text NOT NULL,
                declared_at timestamptz NOT NULL,
                channel_id text UNIQUE,
                channel_name text,
                channel_creator text,
                latest_status text,
                last_status_at timestamptz,
                next_update_due timestamptz,
                missed_updates integer NOT NULL DEFAULT 0 CHECK (missed_updates >= 0),
                told_channels text NOT NULL DEFAULT '[]',
                resolved_at timestamptz
            )
            """,
            "CREATE INDEX incident_by_update_due ON incident (next_update_due) WHERE next_update_due IS NOT NULL",
            """
            CREATE TABLE counter (
                name text PRIMARY KEY,
                last bigint NOT NULL CHECK (last >= 0)
            )
            """,
            "INSERT INTO counter (name, last) VALUES ('incident', 0), ('action_item', 0)",
            """
            CREATE TABLE outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                incident_number integer NOT NULL REFERENCES incident (number) ON DELETE CASCADE,
                lane text NOT NULL,
                effect text NOT NULL,
                needs_channel boolean NOT NULL,
                status text NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
                attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                settled_attempts integer NOT NULL DEFAULT 0 CHECK (settled_attempts >= 0),
                not_before timestamptz NOT NULL,
                last_error text,
                result text,
                created_at timestamptz NOT NULL,
                finished_at timestamptz,
                lease_owner text,
                lease_until timestamptz,
                CHECK ((lease_owner IS NULL) = (lease_until IS NULL))
            )
            """,
            "CREATE INDEX outbox_by_incident ON outbox (incident_number, id)",
            "CREATE INDEX outbox_pending_by_lane ON outbox (lane, id) WHERE status = 'pending'",
            "CREATE INDEX outbox_pending_by_id ON outbox (id) WHERE status = 'pending'",
            "CREATE INDEX outbox_pending_by_due_date ON outbox (not_before) WHERE status = 'pending'",
            """
            CREATE TABLE check_in (
                id bigint GENERATED ALWAYS AS IDENTITY,
                incident_number integer NOT NULL REFERENCES incident (number) ON DELETE CASCADE,
                user_id text NOT NULL,
                checked_in_at timestamptz NOT NULL,
                PRIMARY KEY (incident_number, user_id)
            )
            """,
            """
            CREATE TABLE root_message (
                incident_number integer NOT NULL REFERENCES incident (number) ON DELETE CASCADE,
                channel_name text NOT NULL,
                channel_id text NOT NULL,
                ts text NOT NULL,
                PRIMARY KEY (incident_number, channel_name),
                UNIQUE (channel_id, ts)
            )
            """,
            """
            CREATE TABLE inbound_event (
                id text PRIMARY KEY,
                received_at timestamptz NOT NULL,
                incident_number integer REFERENCES incident (number) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE timeline_entry (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                incident_number integer NOT NULL REFERENCES incident (number) ON DELETE CASCADE,
                at timestamptz NOT NULL,
                kind text NOT NULL,
                actor text,
                text text NOT NULL,
                key text NOT NULL,
                UNIQUE (incident_number, key)
            )
            """,
            """
            CREATE TABLE transcript_message (
                incident_number integer NOT NULL REFERENCES incident (number) ON DELETE CASCADE,
                ts text NOT NULL,
                user_id text NOT NULL,
                text text NOT NULL,
                thread_ts text,
                files text NOT NULL DEFAULT '[]',
                PRIMARY KEY (incident_number, ts)
            )
            """,
            """
            CREATE TABLE action_item (
                id integer PRIMARY KEY CHECK (id >= 1),
                incident_number integer NOT NULL REFERENCES incident (number) ON DELETE CASCADE,
                owner text NOT NULL,
                text text NOT NULL CHECK (length(text) > 0),
                due text,
                state text NOT NULL CHECK (state IN ('open', 'done')),
                created_by text NOT NULL,
                created_at timestamptz NOT NULL,
                done_at timestamptz,
                tracker_key text
            )
            """,
            "CREATE INDEX action_item_by_incident ON action_item (incident_number, id)",
            """
            CREATE TABLE survey_response (
                incident_number integer NOT NULL REFERENCES incident (number) ON DELETE CASCADE,
                user_id text NOT NULL,
                answers text NOT NULL,
                submitted_at timestamptz NOT NULL,
                PRIMARY KEY (incident_number, user_id)
            )
            """,
            """
            CREATE TABLE known_channel (
                name text PRIMARY KEY,
                id text NOT NULL,
                creator text
            )
            """,
        ]),
        Migration(version: 2, name: "on-call shifts: an incident record's kind", statements: [
            // Every row before this was an incident; the CHECK names the kinds of IncidentKind.
            "ALTER TABLE incident ADD COLUMN kind text NOT NULL DEFAULT 'incident' CHECK (kind IN ('incident', 'oncall'))",
        ]),
        Migration(version: 3, name: "outbox entries without an incident (announcements such as the weekly SLO review)", statements: [
            "ALTER TABLE outbox ALTER COLUMN incident_number DROP NOT NULL",
        ]),
        Migration(version: 4, name: "drills (issue #15): practice incidents that no KPI or error budget counts", statements: [
            "ALTER TABLE incident ADD COLUMN is_drill boolean NOT NULL DEFAULT false",
        ]),
        Migration(version: 5, name: "the delivery leader's recent chat API calls, for the next leader", statements: [
            """
            CREATE TABLE delivery_call_history (
                id integer PRIMARY KEY CHECK (id = 1),
                history text NOT NULL,
                kept_at timestamptz NOT NULL
            )
            """,
        ]),
        Migration(version: 6, name: "claims walk the pending outbox by due date, past no alarm that is not due", statements: [
            "CREATE INDEX outbox_pending_by_due ON outbox (not_before, id) WHERE status = 'pending'",
            "DROP INDEX outbox_pending_by_due_date",
        ]),
        Migration(version: 7, name: "room on each outbox page, so a claim's lease renewals update rows in place (HOT)", statements: [
            // A lease renewal changes no indexed column; with a full page its new row version went to another
            // page and into all five of the outbox's indexes, on every claim.
            "ALTER TABLE outbox SET (fillfactor = 80)",
        ]),
    ]

    /// Brings the schema up to date on `connection`, once however many replicas do it at the same time.
    /// Returns the versions this call applied (empty when another replica, or an earlier start, had).
    @discardableResult
    static func migrate(on connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied: Set<Int> = []
            for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            var done: [Int] = []
            for migration in all where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(statement, logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger
                )
                done.append(migration.version)
            }
            return done
        }
    }
}
