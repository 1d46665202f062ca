-- Every cell, generation, address, place name, person and incident, and what refers to them (drafts, code
-- changes, case histories, photos, accounts), with the planning log and the notifications: the planning
-- log has no foreign key (it outlives discarded drafts), so it is named here; so are the mediation
-- organisations, the centres' posts and the screening campaigns (their disputes and mediators go with
-- the incidents and people); so are the petition office's calendar, suggestions, proxy agents, major
-- issues and its work history (issue 17; the matters go with the incidents).
TRUNCATE cell, generation, standard_address, standard_address_history, place_name, address_import, person,
         person_cell, boundary_import, incident, incident_import, planning_log, notification,
         mediation_org, centre_post, screening_campaign, reception_day, suggestion_campaign, suggestion,
         proxy_agent, major_issue, petition_work_event
         RESTART IDENTITY CASCADE
