// The vendor readers (one file each; docs/import.md describes every format).
#pragma once

#include "import/vendor_reader.hpp"

namespace isokin::import {

const VendorReader& humac_norm_csv_reader();  // humac_norm_csv.cpp: HUMAC / Cybex NORM raw CSV (16 and 5 columns)
const VendorReader& contrex_ctm_reader();     // contrex_ctm.cpp: Con-Trex MJ .CTM (and .CTA, refused)
const VendorReader& biodex_text_reader();     // biodex_text.cpp: Biodex System 3/4 raw-data and short text exports
const VendorReader& isomed_txt_reader();      // isomed_txt.cpp: IsoMed 2000 .txt (10 numeric columns)

}  // namespace isokin::import
