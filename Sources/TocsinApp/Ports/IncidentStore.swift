/// Everything the bot keeps durably, as one value the services are built with: the incidents, the outbox of
/// chat API work they imply, the log of inbound events seen, and the directory of ring channels.
///
/// The parts are separate ports so that each can be implemented, tested and reasoned about on its own;
/// `AppDatabase` in TocsinStore (SQLite) and `PostgresStore` in TocsinStorePostgres implement all four, and
/// every implementation must pass the contract suite in `Tests/TocsinStoreContract`.
///
/// What an implementation for several processes must take care of (SQLite, the embedded default, is used
/// by one `tocsin serve` process; PostgreSQL keeps each of these in SQL; each part's documentation says what it assumes):
/// - **Incident numbers** come from the database, inside the declaration's transaction: a number is used
///   once it is stored and never before, so two processes cannot collide, and a crash neither reuses nor
///   skips one (see ``IncidentRepository/declareIncident(requestID:_:)``).
/// - **Outbox entries** are claimed with a lease (``Outbox/claim(owner:until:limit:now:)``); only the lease
///   holder records an outcome. SQLite keeps its leases in the process's memory, which is correct because
///   one process owns the file; a shared database must keep them in its rows (`FOR UPDATE SKIP LOCKED`).
/// - **Per-process caches** (the bot's identity and user-group members in `EffectExecutor`) and the chat
///   platform's **rate limits** (kept in the Slack adapter) are per process today: several processes would
///   each pace their own calls and together exceed the platform's limits.
public typealias IncidentStore = IncidentRepository & Outbox & InboundEventLog & ChannelDirectory
