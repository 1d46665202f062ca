/* The review queue's texts, Chinese first (the default) and English; keys used by data-i18n and t().
   Reasons: the store's reasons (grids/incidents/locate.py) by their English text; "outside all cells;
   address: …" is composed of two. */
window.GridgovReviewText = {
  zh: {
    title: '待定位事件', to_desk: '案件工作台', to_command: '指挥地图', sign_out: '退出', any_reason: '全部原因',
    any_channel: '全部渠道', search: '地址 / 标题', prev: '上一页', next: '下一页', selected: '已选',
    cell_code: '网格编码', place_selected: '批量定位到该网格', candidates: '候选网格', place_here: '定位到该单元',
    hint: '选择左侧事件；点击地图所在位置，或选择候选网格，即可定位。', total: '共 {n} 件待定位',
    placed: '已定位到 {cell}：{n} 件', refused: '未能定位：{m}', address: '地址', reason: '原因', channel: '渠道',
    reported_at: '上报时间', score: '匹配度 {n}', metres: '相距 {n} 米', none: '无候选网格', network: '网络不可用',
    choose_first: '请先勾选事件并填写网格编码',
    ch_hotline: '12345热线', ch_police110: '110', ch_patrol: '巡查', ch_app: '随手拍', ch_petition: '信访',
    ch_assigned: '交办',
    lv_grid: '网格', lv_community: '社区', lv_street: '街道', lv_district: '区', lv_building: '楼栋',
    lv_stairwell: '单元',
    'r_outside all cells': '不在任何网格内', 'r_no coordinates and no address': '无坐标、无地址',
    'r_no coordinates and no address match': '无坐标，地址未匹配', 'r_ambiguous address': '地址有歧义',
    'r_address spans several communities': '地址跨多个社区', 'r_no coordinates': '无坐标',
    'r_no address match': '地址未匹配', 'r_empty address': '地址为空', r_address: '地址：{r}'
  },
  en: {
    title: 'Unplaced incidents', to_desk: 'Workbench', to_command: 'Command map', sign_out: 'Sign out',
    any_reason: 'Any reason', any_channel: 'Any channel', search: 'Address / title', prev: 'Previous',
    next: 'Next', selected: 'Selected', cell_code: 'Cell code', place_selected: 'Place selected in this cell',
    candidates: 'Candidate cells', place_here: 'Place in this cell',
    hint: 'Choose an incident; click where it happened on the map, or choose a candidate.',
    total: '{n} waiting', placed: 'Placed in {cell}: {n}', refused: 'Not placed: {m}', address: 'Address',
    reason: 'Reason', channel: 'Channel', reported_at: 'Reported', score: 'match {n}', metres: '{n} m away',
    none: 'No candidates', network: 'Network unavailable', choose_first: 'Tick incidents and give a cell code first',
    ch_hotline: '12345 hotline', ch_police110: '110', ch_patrol: 'Patrol', ch_app: 'Citizen app',
    ch_petition: 'Petition', ch_assigned: 'Assigned',
    lv_grid: 'grid', lv_community: 'community', lv_street: 'street', lv_district: 'district',
    lv_building: 'building', lv_stairwell: 'stairwell',
    'r_outside all cells': 'outside all cells', 'r_no coordinates and no address': 'no coordinates, no address',
    'r_no coordinates and no address match': 'no coordinates, address not matched',
    'r_ambiguous address': 'ambiguous address',
    'r_address spans several communities': 'address spans several communities', 'r_no coordinates': 'no coordinates',
    'r_no address match': 'address not matched', 'r_empty address': 'empty address',
    r_address: 'address: {r}'
  }
};
