-- The walked cases' final columns, staged for one UPDATE of the incidents.
CREATE TEMP TABLE demo_case_stage (
    id bigint PRIMARY KEY, status text, case_version integer, case_changed_at timestamptz,
    handler_person_id bigint, handler_level text, handler_cell_code text, time_limit_hours real,
    clock_started_at timestamptz, deadline timestamptz, clock_paused_at timestamptz, suspended_from text,
    urge_count integer, urged_at timestamptz, supervised_at timestamptz, supervised_by bigint,
    escalation_count integer, responded_at timestamptz, handled_at timestamptz, closed_at timestamptz,
    rating text, rated_at timestamptz, repeat_of bigint
) ON COMMIT DROP
