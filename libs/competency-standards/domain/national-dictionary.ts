import { CompetencyInput } from './competency';

/**
 * The national dictionary (Kamus Kompetensi, Permenpan RB 38/2017): the eight
 * managerial competencies and the sociocultural one. Names and codes are the
 * official ones. The definitions, level descriptions and indicators here are a
 * SUMMARY written for the seed, marked `summary: true` when published; the
 * ministry replaces them with the official text through
 * `POST /competencies/import` (or `PUT /competencies/{code}`), which publishes
 * a new version. The seed never overwrites a competency that already exists.
 */
export interface SeedCompetency extends CompetencyInput {
  code: string;
}

type Level = [description: string, ...indicators: string[]];

function competency(code: string, name: string, type: 'MANAGERIAL' | 'SOCIOCULTURAL', definition: string, levels: Level[]): SeedCompetency {
  return {
    code,
    name,
    type,
    definition,
    agencyId: null,
    levels: levels.map(([description, ...indicators], i) => ({
      level: i + 1,
      description,
      indicators: indicators.map((text, k) => ({ number: `${i + 1}.${k + 1}`, text })),
    })),
  };
}

export const NATIONAL_DICTIONARY: readonly SeedCompetency[] = [
  competency(
    'M.01',
    'Integritas',
    'MANAGERIAL',
    'Konsisten berperilaku selaras dengan nilai, norma dan etika organisasi, jujur dalam hubungan kerja, dan bertanggung jawab atas tindakan serta keputusan beserta risikonya. (Ringkasan; ganti dengan teks resmi melalui impor.)',
    [
      [
        'Bertindak sesuai nilai, norma dan etika organisasi dalam kapasitas pribadi.',
        'Bertingkah laku sesuai dengan kode etik dan aturan organisasi.',
        'Jujur dan tidak menyalahgunakan kewenangan.',
        'Menepati komitmen dan mengakui kesalahan pribadi.',
      ],
      [
        'Mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai, norma dan etika organisasi.',
        'Mengingatkan rekan kerja yang menyimpang dari aturan.',
        'Memberi contoh perilaku yang etis kepada rekan kerja.',
        'Menolak tekanan untuk melanggar aturan.',
      ],
      [
        'Memastikan anggota yang dipimpin bertindak sesuai nilai, norma dan etika organisasi.',
        'Menanamkan keyakinan bersama tentang pentingnya integritas di unit kerja.',
        'Memberi sanksi atau teguran secara adil atas pelanggaran etika.',
        'Menerapkan prosedur kerja yang transparan.',
      ],
      [
        'Menciptakan situasi kerja yang membuat seluruh organisasi bertindak sesuai nilai, norma dan etika.',
        'Membangun sistem pengendalian yang mencegah penyimpangan.',
        'Mengambil keputusan yang etis meski tidak populer.',
        'Menjadi teladan integritas bagi pimpinan unit di bawahnya.',
      ],
      [
        'Menjadi panutan penerapan standar keadilan dan etika di tingkat nasional.',
        'Merumuskan kebijakan yang memperkuat budaya integritas lintas instansi.',
        'Mempertahankan prinsip etika dalam situasi berisiko tinggi.',
        'Mendorong akuntabilitas publik secara nasional.',
      ],
    ],
  ),
  competency(
    'M.02',
    'Kerjasama',
    'MANAGERIAL',
    'Kemampuan menjalin, membina dan mempertahankan hubungan kerja yang efektif, berkomitmen saling membantu dalam penyelesaian tugas, dan mengoptimalkan sumber daya untuk mencapai tujuan organisasi. (Ringkasan; ganti dengan teks resmi melalui impor.)',
    [
      [
        'Berpartisipasi aktif dalam kelompok kerja.',
        'Menyelesaikan bagian tugasnya dalam kelompok.',
        'Berbagi informasi yang relevan dengan anggota kelompok.',
        'Menghargai pendapat anggota kelompok.',
      ],
      [
        'Menumbuhkan tim kerja yang partisipatif dan efektif.',
        'Membantu rekan kerja yang mengalami kesulitan.',
        'Mendorong anggota tim untuk menyampaikan gagasan.',
        'Menyelesaikan perbedaan pendapat secara konstruktif.',
      ],
      [
        'Membangun tim kerja yang efektif untuk meningkatkan kinerja unit.',
        'Membagi peran sesuai kekuatan anggota tim.',
        'Membangun kerjasama dengan unit kerja lain.',
        'Memberi pengakuan atas kontribusi anggota tim.',
      ],
      [
        'Membangun komitmen dan sinergi tim lintas unit dalam organisasi.',
        'Mengatasi hambatan kerjasama antarunit.',
        'Mengembangkan jejaring kerja dengan pemangku kepentingan.',
        'Menyelaraskan tujuan tim dengan tujuan organisasi.',
      ],
      [
        'Menciptakan kolaborasi strategis antarinstansi dan pemangku kepentingan di tingkat nasional.',
        'Membangun kemitraan jangka panjang lintas sektor.',
        'Mengoptimalkan sumber daya bersama untuk tujuan nasional.',
        'Menjadi penggerak kolaborasi dalam isu strategis.',
      ],
    ],
  ),
  competency(
    'M.03',
    'Komunikasi',
    'MANAGERIAL',
    'Kemampuan menerangkan pandangan dan gagasan secara jelas, sistematis dan logis, lisan maupun tertulis; memastikan pemahaman; mendengarkan secara aktif; serta meyakinkan orang lain untuk mencapai tujuan organisasi. (Ringkasan; ganti dengan teks resmi melalui impor.)',
    [
      [
        'Menyampaikan informasi dengan jelas, lengkap dan mudah dipahami.',
        'Menyampaikan informasi secara lisan dan tertulis dengan runtut.',
        'Mendengarkan dan memastikan pesan dipahami dengan benar.',
        'Menggunakan bahasa yang sesuai dengan lawan bicara.',
      ],
      [
        'Aktif menjalankan komunikasi formal dan informal serta mendengarkan orang lain.',
        'Menanggapi pesan orang lain dengan tepat.',
        'Menyusun laporan, naskah atau bahan paparan yang jelas.',
        'Menyesuaikan cara berkomunikasi dengan situasi.',
      ],
      [
        'Berkomunikasi secara asertif dan menyampaikan informasi yang sensitif atau rumit.',
        'Menyampaikan gagasan yang kompleks secara sederhana.',
        'Membangun dialog untuk mencapai pemahaman bersama.',
        'Menyampaikan umpan balik secara efektif.',
      ],
      [
        'Mengemukakan pemikiran multidimensi untuk mendorong kesepakatan.',
        'Meyakinkan pemangku kepentingan dengan argumentasi yang kuat.',
        'Menengahi perbedaan pandangan antarpihak.',
        'Merancang strategi komunikasi unit atau organisasi.',
      ],
      [
        'Menggagas sistem komunikasi yang terbuka dan strategis di tingkat nasional.',
        'Menyampaikan kebijakan strategis kepada publik secara meyakinkan.',
        'Membangun saluran komunikasi lintas instansi.',
        'Memengaruhi pandangan pemangku kepentingan nasional.',
      ],
    ],
  ),
  competency(
    'M.04',
    'Orientasi pada Hasil',
    'MANAGERIAL',
    'Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas, dapat diandalkan dan bertanggung jawab, serta mengidentifikasi risiko dan peluang dengan memperhatikan keterkaitan perencanaan dan hasil. (Ringkasan; ganti dengan teks resmi melalui impor.)',
    [
      [
        'Bertanggung jawab untuk memenuhi standar kerja.',
        'Menyelesaikan tugas tepat waktu sesuai standar.',
        'Bekerja teliti dan memeriksa hasil kerjanya.',
        'Memanfaatkan sumber daya secara efisien.',
      ],
      [
        'Berupaya mencapai hasil kerja pribadi di atas standar.',
        'Menetapkan target pribadi yang menantang.',
        'Mencari dan mencoba cara kerja yang lebih baik.',
        'Memantau kemajuan kerja sendiri.',
      ],
      [
        'Menetapkan target kerja yang menantang bagi unit kerja.',
        'Memberi apresiasi dan teguran untuk mendorong kinerja.',
        'Mengembangkan metode kerja yang lebih efektif.',
        'Memantau dan mengevaluasi pencapaian unit.',
      ],
      [
        'Mendorong unit kerja mencapai atau melampaui target organisasi.',
        'Mengelola risiko terhadap pencapaian hasil.',
        'Menyelaraskan rencana kerja dengan sasaran strategis.',
        'Membangun sistem pengukuran kinerja.',
      ],
      [
        'Menyusun kebijakan yang berdampak nyata pada kinerja instansi secara nasional.',
        'Menetapkan sasaran strategis jangka panjang.',
        'Mengarahkan sumber daya pada prioritas hasil.',
        'Mengevaluasi dampak kebijakan terhadap kinerja nasional.',
      ],
    ],
  ),
  competency(
    'M.05',
    'Pelayanan Publik',
    'MANAGERIAL',
    'Kemampuan melaksanakan tugas pemerintahan, pembangunan dan pelayanan publik secara profesional, transparan, objektif, netral, tidak diskriminatif dan bebas dari kepentingan pribadi, kelompok atau partai politik. (Ringkasan; ganti dengan teks resmi melalui impor.)',
    [
      [
        'Menjalankan pelayanan sesuai standar operasional prosedur.',
        'Melayani masyarakat dengan ramah dan tidak diskriminatif.',
        'Memberi informasi layanan yang benar.',
        'Menjaga netralitas dalam pelayanan.',
      ],
      [
        'Mengawasi dan menjelaskan proses pelayanan secara transparan.',
        'Menjelaskan prosedur layanan kepada masyarakat.',
        'Menindaklanjuti keluhan pengguna layanan.',
        'Mengawasi kepatuhan pada standar pelayanan.',
      ],
      [
        'Memperbaiki standar pelayanan publik di lingkup unit kerja.',
        'Mengidentifikasi kebutuhan pengguna layanan.',
        'Menyederhanakan proses layanan.',
        'Memanfaatkan masukan masyarakat untuk perbaikan.',
      ],
      [
        'Memantau, mengevaluasi dan mengantisipasi dampak isu jangka panjang pada pelayanan.',
        'Mengembangkan inovasi pelayanan.',
        'Menyeimbangkan kepentingan pemangku kepentingan secara objektif.',
        'Mengevaluasi kinerja pelayanan organisasi.',
      ],
      [
        'Memastikan kebijakan yang menjamin pelayanan publik yang objektif, netral dan tidak diskriminatif secara nasional.',
        'Merumuskan kebijakan pelayanan publik nasional.',
        'Menjamin akuntabilitas pelayanan lintas instansi.',
        'Menjaga pelayanan dari pengaruh kepentingan politik.',
      ],
    ],
  ),
  competency(
    'M.06',
    'Pengembangan Diri dan Orang Lain',
    'MANAGERIAL',
    'Kemampuan meningkatkan pengetahuan dan keterampilan diri, menginspirasi dan membimbing orang lain mengembangkan kompetensi yang relevan dengan pekerjaan dan karier, serta mendorong kemauan belajar sepanjang hayat. (Ringkasan; ganti dengan teks resmi melalui impor.)',
    [
      [
        'Mengembangkan diri sesuai kebutuhan pekerjaan.',
        'Mengidentifikasi kebutuhan pengembangan dirinya.',
        'Mengikuti kegiatan belajar secara aktif.',
        'Menerapkan hasil belajar dalam pekerjaan.',
      ],
      [
        'Meningkatkan kemampuan rekan dan bawahan melalui contoh dan penjelasan.',
        'Memberi contoh cara melaksanakan pekerjaan.',
        'Berbagi pengetahuan dengan rekan kerja.',
        'Mendorong bawahan untuk belajar.',
      ],
      [
        'Membimbing dan memberi umpan balik untuk pengembangan bawahan.',
        'Memberi umpan balik yang konstruktif secara berkala.',
        'Memberi penugasan yang mengembangkan kemampuan.',
        'Melakukan coaching dan mentoring.',
      ],
      [
        'Menyusun program pengembangan jangka panjang di lingkup organisasi.',
        'Merancang rencana pengembangan kompetensi unit.',
        'Mengaitkan pengembangan dengan kebutuhan karier.',
        'Membangun budaya berbagi pengetahuan.',
      ],
      [
        'Menciptakan organisasi pembelajar yang mengembangkan kemampuan belajar secara berkelanjutan.',
        'Merumuskan kebijakan pengembangan SDM strategis.',
        'Membangun sistem manajemen talenta.',
        'Menjadi teladan pembelajaran sepanjang hayat.',
      ],
    ],
  ),
  competency(
    'M.07',
    'Mengelola Perubahan',
    'MANAGERIAL',
    'Kemampuan menyesuaikan diri dengan situasi baru atau berubah, tidak bergantung berlebihan pada cara lama, mendukung dan memimpin inisiatif perubahan, serta bertanggung jawab agar perubahan berhasil diterapkan. (Ringkasan; ganti dengan teks resmi melalui impor.)',
    [
      [
        'Menyadari perlunya perubahan dan menyesuaikan diri.',
        'Menerima perubahan dengan sikap positif.',
        'Mempelajari cara kerja baru.',
        'Mengikuti arahan perubahan.',
      ],
      [
        'Proaktif beradaptasi dengan perubahan.',
        'Mencari informasi tentang perubahan yang terjadi.',
        'Menyesuaikan cara kerja dengan cepat.',
        'Menyampaikan usulan perbaikan.',
      ],
      [
        'Membantu orang lain mengikuti perubahan dan mengantisipasinya.',
        'Menjelaskan manfaat perubahan kepada rekan kerja.',
        'Mengatasi penolakan terhadap perubahan.',
        'Menyusun langkah penerapan perubahan di unit.',
      ],
      [
        'Memimpin perubahan di unit kerja atau organisasi.',
        'Merancang program perubahan.',
        'Mengelola risiko perubahan.',
        'Membangun dukungan pemangku kepentingan terhadap perubahan.',
      ],
      [
        'Mengarahkan perubahan strategis di tingkat instansi atau nasional.',
        'Merumuskan visi perubahan jangka panjang.',
        'Memastikan keberlanjutan perubahan.',
        'Menggerakkan perubahan lintas instansi.',
      ],
    ],
  ),
  competency(
    'M.08',
    'Pengambilan Keputusan',
    'MANAGERIAL',
    'Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri, setelah mempertimbangkan prinsip kehati-hatian, informasi, alternatif dan konsekuensinya, serta bertanggung jawab atas keputusan yang diambil. (Ringkasan; ganti dengan teks resmi melalui impor.)',
    [
      [
        'Mengumpulkan informasi untuk bertindak sesuai kewenangan.',
        'Mengumpulkan fakta sebelum bertindak.',
        'Mengambil keputusan rutin sesuai prosedur.',
        'Meminta arahan bila di luar kewenangan.',
      ],
      [
        'Menganalisis masalah secara mendalam.',
        'Mengidentifikasi akar masalah.',
        'Menyusun beberapa alternatif tindakan.',
        'Mempertimbangkan dampak keputusan pada pekerjaan.',
      ],
      [
        'Membandingkan alternatif dan menyeimbangkan risiko dalam pelaksanaan.',
        'Memilih alternatif terbaik berdasarkan kriteria yang jelas.',
        'Mengambil keputusan tepat waktu.',
        'Mempertanggungjawabkan keputusan unit.',
      ],
      [
        'Menyelesaikan masalah berisiko tinggi dan mengantisipasi dampak keputusan.',
        'Menyiapkan langkah mitigasi risiko.',
        'Mengambil keputusan dalam situasi yang tidak pasti.',
        'Melibatkan pemangku kepentingan yang relevan.',
      ],
      [
        'Mengambil keputusan strategis untuk masalah jangka panjang berdampak nasional.',
        'Merumuskan keputusan kebijakan strategis.',
        'Mempertimbangkan dampak lintas sektor.',
        'Bertanggung jawab atas keputusan berisiko tinggi.',
      ],
    ],
  ),
  competency(
    'SK.01',
    'Perekat Bangsa',
    'SOCIOCULTURAL',
    'Kemampuan mempromosikan toleransi, keterbukaan dan kepekaan terhadap perbedaan; menjadi perpanjangan tangan pemerintah dalam mempersatukan masyarakat di tengah kemajemukan Indonesia; serta menjaga persatuan dan kesatuan bangsa. (Ringkasan; ganti dengan teks resmi melalui impor.)',
    [
      [
        'Peka, memahami dan menerima kemajemukan.',
        'Menghargai perbedaan latar belakang orang lain.',
        'Tidak membeda-bedakan dalam bergaul dan bekerja.',
        'Memahami keragaman budaya di lingkungan kerja.',
      ],
      [
        'Aktif mengembangkan sikap saling menghargai dan menekankan persamaan.',
        'Menjembatani perbedaan di lingkungan kerja.',
        'Menunjukkan sikap toleran kepada semua pihak.',
        'Mengajak orang lain menghargai keragaman.',
      ],
      [
        'Mempromosikan dan mengembangkan sikap toleransi dan persatuan.',
        'Mencegah konflik yang bersumber dari perbedaan.',
        'Menyelenggarakan kegiatan yang memperkuat persatuan.',
        'Menjadi penengah dalam perbedaan pandangan.',
      ],
      [
        'Mendayagunakan perbedaan secara konstruktif untuk efektivitas organisasi.',
        'Memanfaatkan keragaman untuk inovasi.',
        'Membangun kebijakan unit yang inklusif.',
        'Mengelola konflik antarkelompok secara adil.',
      ],
      [
        'Menjadi wakil pemerintah yang membangun hubungan sosial yang mempersatukan bangsa.',
        'Merumuskan kebijakan yang memperkuat persatuan nasional.',
        'Membangun kepercayaan antarkelompok masyarakat.',
        'Menjadi teladan perekat bangsa di tingkat nasional.',
      ],
    ],
  ),
];
