import { Assessment1764300003000 } from './1764300003000-assessment';
import { ProfileItemsJson1764300012000 } from './1764300012000-profile-items-json';
import { AchievedLevelsLatestByKind1764300013000 } from './1764300013000-achieved-levels-latest-by-kind';
import { ProfileFingerprintDropped1764300014000 } from './1764300014000-profile-fingerprint-dropped';
import { ProfileItemsColumns1764300015000 } from './1764300015000-profile-items-columns';

export const ASSESSMENT_MIGRATIONS = [
  Assessment1764300003000,
  ProfileItemsJson1764300012000,
  AchievedLevelsLatestByKind1764300013000,
  ProfileFingerprintDropped1764300014000,
  ProfileItemsColumns1764300015000,
];
