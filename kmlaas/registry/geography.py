"""Provinces, districts and subdistricts from the geothai package (DOPA
codes), so the registry never carries a hand-typed copy of the country."""

import geothai


def sync(Province, District, Subdistrict):
    """Insert or update every area. Takes the model classes so a data
    migration can pass its historical ones."""
    provinces = geothai.provinces()
    districts = [d for p in provinces for d in geothai.districts(p.code)]
    subdistricts = [s for d in districts for s in geothai.subdistricts(d.code)]
    Province.objects.bulk_create(
        [Province(code=p.code, name=p.name_th, name_en=p.name_en) for p in provinces],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "name_en"],
    )
    District.objects.bulk_create(
        [
            District(code=d.code, province_id=d.province_code, name=d.name_th, name_en=d.name_en)
            for d in districts
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "name", "name_en"],
        batch_size=1000,
    )
    Subdistrict.objects.bulk_create(
        [
            Subdistrict(
                code=s.code,
                district_id=s.district_code,
                name=s.name_th,
                name_en=s.name_en,
                postal_codes=" ".join(s.postal_codes),
            )
            for s in subdistricts
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["district", "name", "name_en", "postal_codes"],
        batch_size=2000,
    )
    return len(provinces), len(districts), len(subdistricts)
