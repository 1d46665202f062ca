-- Every cell, generation, address, place name, person and incident, and what refers to them (drafts, code
-- changes, case histories, photos, accounts), with the planning log and the notifications: the planning
-- log has no foreign key (it outlives discarded drafts), so it is named here; so are the mediation
-- organisations, the centres' posts and the screening campaigns (their disputes and mediators go with
-- the incidents and people).
TRUNCATE cell, generation, standard_address, standard_address_history, place_name, address_import, person,
         person_cell, boundary_import, incident, incident_import, planning_log, notification,
         mediation_org, centre_post, screening_campaign
         RESTART IDENTITY CASCADE
