#!/usr/bin/env python3
"""Derive the compact unit registry files embedded in src/Domain/Units/Data/.

Reads the reference copies described in ../shared/data/admin-units/README.md and writes
  src/Domain/Units/Data/units.csv        one row per dated unit version
  src/Domain/Units/Data/successions.csv  one row per predecessor -> successor link
Errata are applied here, explicitly (see data/admin-units/README.md). Deterministic output.

usage: python3 data/admin-units/derive.py [SOURCE_DIR]   (run from the repository root)
"""
import csv
import io
import json
import os
import sys
from collections import Counter, defaultdict

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join('..', 'shared', 'data', 'admin-units')
OUT = os.path.join('src', 'Domain', 'Units', 'Data')
REFORM = '2025-07-01'          # NQ 202/2025/QH15, QĐ 19/2025/QĐ-TTg
DONG_NAI_2026 = '2026-04-30'   # 30/2026/QH16, 237/NQ-UBTVQH16 (Đồng Nai becomes a city)

PRE_KIND = {1: 'tp-tw', 2: 'tinh', 3: 'tp-thuoc-tp', 4: 'tp-thuoc-tinh', 5: 'quan', 6: 'thi-xa',
            7: 'huyen', 8: 'phuong', 9: 'thi-tran', 10: 'xa'}
POST_PROVINCE_KIND = {1: 'tp-tw', 2: 'tinh'}
POST_COMMUNE_KIND = {3: 'phuong', 4: 'xa', 5: 'dac-khu'}
# Errata of thanglequoc v3.0.2 (README §2a): code and name fixes.
POST_CODE_FIX = {'06978': '06970'}           # Xã Ba Chẽ, upstream issue #197 / PR #202
POST_NAME_FIX = {'00745': 'Phố Bảng'}        # "Phó Bảng" misspelt, fixed upstream in v4.x
# Erratum of dvhcvn 20250701 (README §3a): 1027/CTK-CSCL code superseded for Ia Mơ.
DVHCVN_CODE_FIX = {'23737': '23938'}


def load(path):
    with open(os.path.join(SRC, path), encoding='utf-8') as f:
        return json.load(f)


def main():
    units = []   # (code, kind, name, parent, from, to)
    pre = load('pre-2025/thanglequoc-v2.4.1/mongo_data_vn_unit.json')
    pre_communes = {}
    pre_districts = {}
    for p in pre:
        units.append((p['Code'], PRE_KIND[p['AdministrativeUnitId']], p['Name'], '', '', REFORM))
        for d in p['District']:
            assert d['ProvinceCode'] == p['Code']
            units.append((d['Code'], PRE_KIND[d['AdministrativeUnitId']], d['Name'], p['Code'], '', REFORM))
            pre_districts[d['Code']] = (p['Code'], d['Name'], d['Ward'] is None)
            for w in d['Ward'] or []:
                assert w['DistrictCode'] == d['Code']
                units.append((w['Code'], PRE_KIND[w['AdministrativeUnitId']], w['Name'], d['Code'], '', REFORM))
                pre_communes[w['Code']] = (p['Code'], w['Name'])

    post = load('post-2025/thanglequoc-v3.0.2/full_json_generated_data_vn_units.json')
    later = load('post-2025/thanglequoc-v4.2.0/full_json_generated_data_vn_units_2026-07-25__20_49_07.json')
    later_kind = {p['Code']: POST_PROVINCE_KIND[p['AdministrativeUnitId']] for p in later}
    later_kind.update({w['Code']: POST_COMMUNE_KIND[w['AdministrativeUnitId']] for p in later for w in p['Wards']})
    later_kind['06970'] = later_kind.pop('06978')
    successions = []  # (date, old, new, share, main)
    post_province_of = {}
    post_names = {}

    def add_post(code, kind, name, parent):
        new_kind = later_kind[code]
        if new_kind == kind:
            units.append((code, kind, name, parent, REFORM, ''))
        else:   # a kind change of 30/04/2026 is a new dated version of the same code
            units.append((code, kind, name, parent, REFORM, DONG_NAI_2026))
            units.append((code, new_kind, name, parent, DONG_NAI_2026, ''))
            successions.append((DONG_NAI_2026, code, code, 'full', '1'))

    for p in post:
        add_post(p['Code'], POST_PROVINCE_KIND[p['AdministrativeUnitId']], p['Name'], '')
        for w in p['Wards']:
            code = POST_CODE_FIX.get(w['Code'], w['Code'])
            name = POST_NAME_FIX.get(code, w['Name'])
            post_province_of[code] = p['Code']
            post_names[code] = name
            add_post(code, POST_COMMUNE_KIND[w['AdministrativeUnitId']], name, p['Code'])

    official = list(csv.DictReader(open(os.path.join(SRC, 'post-2025/official-915-CTK-CSCL/915_CTK-CSCL.csv'), encoding='utf-8')))
    assert sorted(r['Mã số'] for r in official) == sorted(p['Code'] for p in post)

    # Links: tranngocminhhieu (README §3b) is the only source whose new codes match the corrected
    # official list; dvhcvn (§3a) is used to cross-check and for nothing else.
    rows = list(csv.DictReader(open(os.path.join(SRC, 'mapping/tranngocminhhieu-vietnamadminunits/convert_legacy_2025_simple.csv'), encoding='utf-8')))
    targets = defaultdict(list)
    province_links = {}
    for r in rows:
        old_p = '%02d' % int(r['provinceCode'])
        if r['wardCode']:
            old = '%05d' % int(float(r['wardCode']))
            assert pre_communes[old][0] == old_p
        else:   # commune-less district -> đặc khu
            old = '%03d' % int(r['districtCode'])
            assert pre_districts[old][2]
        new = r['newWardCode']
        assert post_province_of[new] == r['newProvinceCode']
        assert province_links.setdefault(old_p, r['newProvinceCode']) == r['newProvinceCode']
        if new not in targets[old]:
            targets[old].append(new)
    assert set(c for c in targets if len(c) == 5) == set(pre_communes)
    assert set(post_province_of) == {n for ts in targets.values() for n in ts}

    predecessors = Counter(n for ts in targets.values() for n in ts)
    how = Counter()
    for old in sorted(targets):
        ts = sorted(targets[old])
        old_name = pre_communes[old][1] if old in pre_communes else pre_districts[old][1]
        main = main_successor(old, old_name, ts, post_names, predecessors, how)
        share = 'full' if len(ts) == 1 else 'partial'
        for n in ts:
            successions.append((REFORM, old, n, share, '1' if n == main else '0'))
    for old_p in sorted(province_links):
        successions.append((REFORM, old_p, province_links[old_p], 'full', '1'))

    cross_check(targets)
    print('main successor of split communes chosen by:', dict(how), file=sys.stderr)

    units.sort(key=lambda u: (u[4], len(u[0]), u[0], u[5] or '9999'))
    write(os.path.join(OUT, 'units.csv'), ('code', 'kind', 'name', 'parent', 'from', 'to'), units)
    successions.sort(key=lambda s: (s[0], len(s[1]), s[1], s[2]))
    write(os.path.join(OUT, 'successions.csv'), ('date', 'old', 'new', 'share', 'main'), successions)
    print(Counter((u[1], u[4], u[5]) for u in units), file=sys.stderr)


def main_successor(old, old_name, ts, post_names, predecessors, how):
    """The rule for a split commune (documented in docs/statistics.md §Boundaries)."""
    if len(ts) == 1:
        return ts[0]
    if old in ts:
        how['kept its code'] += 1
        return old
    same_name = [n for n in ts if post_names[n] == old_name]
    if len(same_name) == 1:
        how['kept its name'] += 1
        return same_name[0]
    fewest = min(predecessors[n] for n in ts)
    candidates = [n for n in ts if predecessors[n] == fewest]
    how['fewest other predecessors' if len(candidates) == 1 else 'lowest code'] += 1
    return candidates[0]


def cross_check(targets):
    splits = load('mapping/dvhcvn-20250701/splits.json')
    other = {}
    for p in splits['data']:
        for c in p['level3s']:
            other[c['level3_id']] = sorted(DVHCVN_CODE_FIX.get(s['new_id'], s['new_id']) for s in c['splits'])
    same = sum(1 for o in targets if len(o) == 5 and other.get(o) == sorted(targets[o]))
    disjoint = sorted(o for o in targets if len(o) == 5 and not set(other.get(o, [])) & set(targets[o]))
    print(f'cross-check with dvhcvn: {same} identical target sets; disjoint: {disjoint}', file=sys.stderr)


def write(path, header, rows):
    buf = io.StringIO(newline='')
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(header)
    for r in rows:
        assert all(',' not in str(x) and '"' not in str(x) for x in r)
        w.writerow(r)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(buf.getvalue())


if __name__ == '__main__':
    main()
