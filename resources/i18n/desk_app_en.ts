<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
<context>
    <name>ActionDialog</name>
    <message>
        <source>&amp;Dừng giải quyết</source>
        <translation>&amp;Discontinue</translation>
    </message>
    <message>
        <source>Dừng giải quyết hồ sơ (ví dụ công dân rút hồ sơ); lý do và căn cứ được in trên thông báo Mẫu 05.</source>
        <translation>Discontinue the dossier (e.g. the citizen withdraws it); the reason and its basis are printed on the notice (form 05).</translation>
    </message>
    <message>
        <source>Thông báo dừng giải quyết hồ sơ</source>
        <translation>Notice of discontinued processing</translation>
    </message>
    <message>
        <source>Đã dừng giải quyết hồ sơ.</source>
        <translation>The dossier has been discontinued.</translation>
    </message>
    <message>
        <source>&amp;Chuyển xử lý</source>
        <translation>&amp;Transfer for processing</translation>
    </message>
    <message>
        <source>&amp;Ghi chú:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <source>&amp;Gia hạn</source>
        <translation>&amp;Extend</translation>
    </message>
    <message>
        <source>&amp;Hủy hồ sơ</source>
        <translation>&amp;Void dossier</translation>
    </message>
    <message>
        <source>&amp;Lý do: *</source>
        <translation>&amp;Reason: *</translation>
    </message>
    <message>
        <source>&amp;Nhận kết quả</source>
        <translation>Result &amp;in</translation>
    </message>
    <message>
        <source>&amp;Từ chối tiếp nhận</source>
        <translation>Re&amp;fuse</translation>
    </message>
    <message>
        <source>(Enter)</source>
        <translation>(Enter)</translation>
    </message>
    <message>
        <source>Chuyển hồ sơ cho bộ phận giải quyết.</source>
        <translation>Hand the dossier over to the processing unit.</translation>
    </message>
    <message>
        <source>Chỉ được gia hạn một lần, chậm nhất 01 ngày làm việc trước ngày hẹn trả.</source>
        <translation>A dossier may be extended once, at least 1 working day before the due day.</translation>
    </message>
    <message>
        <source>Công dân đã nộp đủ giấy tờ: thời hạn giải quyết tính lại từ đầu kể từ bây giờ.</source>
        <translation>The citizen has handed in all papers: the time limit starts again from now.</translation>
    </message>
    <message>
        <source>Ghi nhận đã nhận kết quả giải quyết, sẵn sàng trả cho công dân.</source>
        <translation>Record that the result is back, ready to hand to the citizen.</translation>
    </message>
    <message>
        <source>Ghi rõ giấy tờ cần bổ sung, hoàn thiện</source>
        <translation>State which papers must be added or completed</translation>
    </message>
    <message>
        <source>Giấy biên nhận</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Hủy hồ sơ nhập nhầm: hồ sơ không bị xóa, vẫn giữ trong lịch sử.</source>
        <translation>Void a dossier entered by mistake: it is not deleted and stays in the history.</translation>
    </message>
    <message>
        <source>In %1 (Enter)</source>
        <translation>Print %1 (Enter)</translation>
    </message>
    <message>
        <source>Không in (Esc)</source>
        <translation>Do not print (Esc)</translation>
    </message>
    <message>
        <source>Phiếu kiểm soát quá trình giải quyết hồ sơ</source>
        <translation>Processing control slip</translation>
    </message>
    <message>
        <source>Phiếu từ chối tiếp nhận, giải quyết hồ sơ</source>
        <translation>Refusal notice</translation>
    </message>
    <message>
        <source>Phiếu xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>Apology and new due date notice</translation>
    </message>
    <message>
        <source>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Request to supplement the dossier</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết tạm dừng cho tới khi công dân bổ sung đủ, rồi tính lại từ đầu.</source>
        <translation>The time limit stops until the citizen hands in the missing papers, then starts again.</translation>
    </message>
    <message>
        <source>Trả &amp;kết quả</source>
        <translation>Hand over the &amp;result</translation>
    </message>
    <message>
        <source>Trả kết quả: kiểm tra giấy tờ của người nhận, hoặc ghi số hiệu bưu gửi trả kết quả.</source>
        <translation>Hand over the result: check the collector's ID, or enter the outgoing postal item number.</translation>
    </message>
    <message>
        <source>Từ chối tiếp nhận, giải quyết hồ sơ; lý do được in trên phiếu từ chối.</source>
        <translation>Refuse the dossier; the reason is printed on the refusal notice.</translation>
    </message>
    <message>
        <source>Yêu cầu &amp;bổ sung</source>
        <translation>Request &amp;supplement</translation>
    </message>
    <message>
        <source>Đã bổ &amp;sung</source>
        <translation>&amp;Supplemented</translation>
    </message>
    <message>
        <source>Đã ghi nhận bổ sung: hẹn trả mới %1.</source>
        <translation>Supplement recorded: new due date %1.</translation>
    </message>
    <message>
        <source>Đã ghi nhận. Trạng thái hồ sơ: %1.</source>
        <translation>Recorded. Dossier status: %1.</translation>
    </message>
    <message>
        <source>Đã gia hạn: hẹn trả mới %1.</source>
        <translation>Extended: new due date %1.</translation>
    </message>
    <message>
        <source>Đã từ chối tiếp nhận hồ sơ.</source>
        <translation>The dossier was refused.</translation>
    </message>
    <message>
        <source>Đã yêu cầu bổ sung hồ sơ; thời hạn giải quyết tạm dừng.</source>
        <translation>Supplement requested; the time limit is stopped.</translation>
    </message>
    <message>
        <source>Đóng (Enter)</source>
        <translation>Close (Enter)</translation>
    </message>
    <message>
        <source>Cần tên đăng nhập và mật khẩu của lãnh đạo duyệt</source>
        <translation>The approving supervisor's user name and password are needed</translation>
    </message>
    <message>
        <source>Thao tác này cần lãnh đạo duyệt: lãnh đạo nhập tên đăng nhập và mật khẩu tại đây.</source>
        <translation>This action needs a supervisor's approval: the supervisor enters their user name and password here.</translation>
    </message>
    <message>
        <source>Quay lại, không %1 (Enter, Esc)</source>
        <translation>Go back, do not %1 (Enter, Esc)</translation>
    </message>
</context>
<context>
    <name>ActionForm</name>
    <message>
        <source>Că&amp;n cứ:</source>
        <translation>Le&amp;gal basis:</translation>
    </message>
    <message>
        <source>Điều, khoản của văn bản quy định (in trên phiếu)</source>
        <translation>Article and clause of the provision (printed on the form)</translation>
    </message>
    <message>
        <source>&amp;Lý do: *</source>
        <translation>&amp;Reason: *</translation>
    </message>
    <message>
        <source>&amp;Người nhận kết quả: *</source>
        <translation>&amp;Collected by: *</translation>
    </message>
    <message>
        <source>Hình thức trả:</source>
        <translation>Delivery:</translation>
    </message>
    <message>
        <source>Hẹn trả hiện tại:</source>
        <translation>Current due date:</translation>
    </message>
    <message>
        <source>In phiếu (Enter)</source>
        <translation>Print the form (Enter)</translation>
    </message>
    <message>
        <source>Ngày hẹn trả &amp;mới: *</source>
        <translation>&amp;New due date: *</translation>
    </message>
    <message>
        <source>Quay lại (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
    <message>
        <source>Số &amp;giấy tờ đã kiểm tra: *</source>
        <translation>&amp;ID number checked: *</translation>
    </message>
    <message>
        <source>Số &amp;hiệu bưu gửi: *</source>
        <translation>Postal &amp;item number: *</translation>
    </message>
    <message>
        <source>Số hiệu bưu gửi trả kết quả, ví dụ EL123456785VN</source>
        <translation>Item number of the outgoing mail, e.g. EL123456785VN</translation>
    </message>
    <message>
        <source>Số định danh cá nhân (12 số) hoặc CMND (9 số) của người nhận</source>
        <translation>The collector's personal ID number (12 digits) or old ID card (9 digits)</translation>
    </message>
    <message>
        <source>Trả qua &amp;bưu chính (gửi kết quả bằng bưu gửi)</source>
        <translation>By &amp;post (send the result by mail)</translation>
    </message>
    <message>
        <source>Đồng ý (Enter)</source>
        <translation>OK (Enter)</translation>
    </message>
    <message>
        <source>Lãnh đạo &amp;duyệt: *</source>
        <translation>Approving &amp;supervisor: *</translation>
    </message>
    <message>
        <source>Mật &amp;khẩu lãnh đạo: *</source>
        <translation>Supervisor's pass&amp;word: *</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Không mở được bàn tiếp nhận</source>
        <translation>Cannot open the reception desk</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Dossier reception</translation>
    </message>
</context>
<context>
    <name>ApplicantForm</name>
    <message>
        <source>Tỉnh, xã:</source>
        <translation>Province, commune:</translation>
    </message>
    <message>
        <source>Số nhà, đường, thôn, tổ… (hoặc cả địa chỉ như trên giấy tờ)</source>
        <translation>House number, street, village… (or the whole address as on the papers)</translation>
    </message>
    <message>
        <source>L&amp;oại người nộp:</source>
        <translation>&amp;Applicant type:</translation>
    </message>
    <message>
        <source>12 chữ số trên thẻ căn cước của người đại diện</source>
        <translation>12 digits on the representative's ID card</translation>
    </message>
    <message>
        <source>9 chữ số (nếu có): chỉ để ghi lại, không thay số định danh</source>
        <translation>9 digits (if any): recorded only, never instead of the ID number</translation>
    </message>
    <message>
        <source>Chữ cái không dấu và chữ số</source>
        <translation>Latin letters and digits</translation>
    </message>
    <message>
        <source>Có người đại diện nộp thay (được ủy quyền, giới thiệu)</source>
        <translation>Filed by a representative (authorised or introduced)</translation>
    </message>
    <message>
        <source>Công dân Việt Nam</source>
        <translation>Vietnamese citizen</translation>
    </message>
    <message>
        <source>Cơ quan, tổ chức</source>
        <translation>Agency or organisation</translation>
    </message>
    <message>
        <source>Giấy ủy quyền số …/GUQ ngày … hoặc giấy giới thiệu</source>
        <translation>Authorisation no. …/GUQ of … or letter of introduction</translation>
    </message>
    <message>
        <source>Giấy ủy quyền: *</source>
        <translation>Authorisation: *</translation>
    </message>
    <message>
        <source>Họ và tên người đến nộp hồ sơ</source>
        <translation>Full name of the person filing</translation>
    </message>
    <message>
        <source>Mã số doanh nghiệp, số quyết định thành lập hoặc giấy phép</source>
        <translation>Enterprise code, establishment decision or licence number</translation>
    </message>
    <message>
        <source>Người nước ngoài</source>
        <translation>Foreigner</translation>
    </message>
    <message>
        <source>Người đại diện: *</source>
        <translation>Representative: *</translation>
    </message>
    <message>
        <source>Quốc tịch: *</source>
        <translation>Nationality: *</translation>
    </message>
    <message>
        <source>Số CMND cũ:</source>
        <translation>Old ID card no.:</translation>
    </message>
    <message>
        <source>Số hộ chiếu: *</source>
        <translation>Passport no.: *</translation>
    </message>
    <message>
        <source>Số đăng ký: *</source>
        <translation>Registration no.: *</translation>
    </message>
    <message>
        <source>Số định danh: *</source>
        <translation>ID number: *</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>&amp;Giới tính:</source>
        <translation>&amp;Sex:</translation>
    </message>
    <message>
        <source>&amp;Họ và tên: *</source>
        <translation>Full &amp;name: *</translation>
    </message>
    <message>
        <source>12 chữ số trên thẻ căn cước</source>
        <translation>12 digits on the ID card</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Ngày &amp;sinh:</source>
        <translation>Date of &amp;birth:</translation>
    </message>
    <message>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Nơi thường trú hoặc nơi ở hiện tại</source>
        <translation>Permanent or current residence</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Số định &amp;danh: *</source>
        <translation>&amp;ID number: *</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Điện &amp;thoại:</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>Đị&amp;a chỉ: *</source>
        <translation>&amp;Address: *</translation>
    </message>
    <message>
        <source>Có người đại diện nộ&amp;p thay (được ủy quyền, giới thiệu)</source>
        <translation>Filed by a re&amp;presentative (authorised or introduced)</translation>
    </message>
    <message>
        <source>Số C&amp;MND cũ:</source>
        <translation>Old C&amp;MND number:</translation>
    </message>
    <message>
        <source>Tỉnh, &amp;xã:</source>
        <translation>Province, commune (&amp;x):</translation>
    </message>
</context>
<context>
    <name>DocumentChecklist</name>
    <message>
        <source>Chọn thủ tục để hiện danh sách giấy tờ cần nộp.</source>
        <translation>Choose a procedure to list the papers to hand in.</translation>
    </message>
    <message>
        <source>Giấy tờ</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>Số bản</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Loại bản</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Giấy tờ bắt buộc</source>
        <translation>Mandatory paper</translation>
    </message>
    <message>
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Bản sao chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copy</translation>
    </message>
</context>
<context>
    <name>DossierDetails</name>
    <message>
        <source>Trang &amp;quét: %1 (F7)</source>
        <translation>Scanned &amp;pages: %1 (F7)</translation>
    </message>
    <message>
        <source>chưa rõ</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>đồng</source>
        <translation>VND</translation>
    </message>
    <message>
        <source>bộ</source>
        <translation>set(s)</translation>
    </message>
    <message>
        <source>Hồ sơ %1</source>
        <translation>Dossier %1</translation>
    </message>
    <message>
        <source>(dự kiến)</source>
        <translation>(provisional)</translation>
    </message>
    <message>
        <source>bàn %1</source>
        <translation>desk %1</translation>
    </message>
    <message>
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Bản sao chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Bộ phận tiếp nhận và trả kết quả</source>
        <translation>Reception and result desk</translation>
    </message>
    <message>
        <source>Qua dịch vụ bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <source>(đã gia hạn)</source>
        <translation>(extended)</translation>
    </message>
    <message>
        <source>HẠN TRẢ HÔM NAY</source>
        <translation>DUE TODAY</translation>
    </message>
    <message>
        <source>QUÁ HẠN</source>
        <translation>OVERDUE</translation>
    </message>
    <message>
        <source>Quyển số %1, số thứ tự %2</source>
        <translation>Book %1, entry %2</translation>
    </message>
    <message>
        <source>biên lai số %1</source>
        <translation>receipt no. %1</translation>
    </message>
    <message>
        <source>không</source>
        <translation>none</translation>
    </message>
    <message>
        <source>qua bưu chính, về: %1</source>
        <translation>by post, to: %1</translation>
    </message>
    <message>
        <source>số %1, ký lúc %2</source>
        <translation>no. %1, signed %2</translation>
    </message>
    <message>
        <source>tại bộ phận tiếp nhận và trả kết quả</source>
        <translation>at the reception and result desk</translation>
    </message>
</context>
<context>
    <name>DossierDetailsForm</name>
    <message>
        <source>Trang &amp;quét (F7)</source>
        <translation>Scanned &amp;pages (F7)</translation>
    </message>
    <message>
        <source>Người nộp:</source>
        <translation>Applicant:</translation>
    </message>
    <message>
        <source>Số định danh:</source>
        <translation>ID number:</translation>
    </message>
    <message>
        <source>Ngày sinh, giới tính:</source>
        <translation>Date of birth, sex:</translation>
    </message>
    <message>
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Điện thoại, email:</source>
        <translation>Phone, e-mail:</translation>
    </message>
    <message>
        <source>Thủ tục:</source>
        <translation>Procedure:</translation>
    </message>
    <message>
        <source>Nhận lúc:</source>
        <translation>Received:</translation>
    </message>
    <message>
        <source>Hẹn trả:</source>
        <translation>Due:</translation>
    </message>
    <message>
        <source>Lệ phí, số bộ:</source>
        <translation>Fee, sets:</translation>
    </message>
    <message>
        <source>Nhận kết quả:</source>
        <translation>Result collected:</translation>
    </message>
    <message>
        <source>Cán bộ tiếp nhận:</source>
        <translation>Receiving officer:</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ</source>
        <translation>Papers handed in</translation>
    </message>
    <message>
        <source>Giấy tờ</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>Loại bản</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Số bản</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Lịch sử xử lý</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>&amp;In lại biên nhận (Ctrl+P)</source>
        <translation>Re&amp;print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>Biên bản giao nhận:</source>
        <translation>Handover record:</translation>
    </message>
    <message>
        <source>Bưu gửi trả kết quả:</source>
        <translation>Outgoing item:</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Hồ sơ qua bưu chính</source>
        <translation>Mail-in dossier</translation>
    </message>
    <message>
        <source>Hồ sơ ở trạng thái cuối: không còn thao tác nào.</source>
        <translation>The dossier is in a final status: no action left.</translation>
    </message>
    <message>
        <source>In &amp;phiếu kiểm soát</source>
        <translation>Print &amp;control slip</translation>
    </message>
    <message>
        <source>Lệ phí nộp qua bưu điện:</source>
        <translation>Fee paid at the post office:</translation>
    </message>
    <message>
        <source>Số hiệu bưu gửi:</source>
        <translation>Postal item number:</translation>
    </message>
    <message>
        <source>Sổ tiếp nhận:</source>
        <translation>Register:</translation>
    </message>
    <message>
        <source>Thao tác:</source>
        <translation>Actions:</translation>
    </message>
    <message>
        <source>Trả kết quả:</source>
        <translation>Result goes back:</translation>
    </message>
    <message>
        <source>Địa chỉ người gửi:</source>
        <translation>Sender address:</translation>
    </message>
    <message>
        <source>In lại &amp;mẫu đã lập…</source>
        <translation>Print a &amp;form again…</translation>
    </message>
</context>
<context>
    <name>DossierList</name>
    <message>
        <source>Chưa có hồ sơ nào trong ngày này. Nhấn F2 để tiếp nhận hồ sơ mới.</source>
        <translation>No dossier on this day yet. Press F2 to receive a new dossier.</translation>
    </message>
    <message>
        <source>Không có hồ sơ nào theo bộ lọc đã chọn.</source>
        <translation>No dossier matches the chosen filters.</translation>
    </message>
    <message>
        <source>Không tìm thấy hồ sơ nào khớp với nội dung tìm kiếm.</source>
        <translation>No dossier matches the search.</translation>
    </message>
    <message>
        <source>Mọi kênh</source>
        <translation>All channels</translation>
    </message>
    <message>
        <source>Mọi trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Ngày %1: %2 hồ sơ</source>
        <translation>%1: %2 dossiers</translation>
    </message>
    <message>
        <source>Tìm thấy: %1 hồ sơ</source>
        <translation>Found: %1 dossiers</translation>
    </message>
    <message>
        <source>Tất cả các ngày: %1 hồ sơ</source>
        <translation>All days: %1 dossiers</translation>
    </message>
</context>
<context>
    <name>DossierTableModel</name>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Nhận lúc</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>hôm nay</source>
        <translation>today</translation>
    </message>
    <message>
        <source>quá hạn</source>
        <translation>overdue</translation>
    </message>
</context>
<context>
    <name>EntryDialog</name>
    <message>
        <source>ghi nhận ngay, không có kết quả phải trả</source>
        <translation>recorded at once, nothing to return</translation>
    </message>
    <message>
        <source>Hãy lưu hồ sơ (F9) trước, rồi nhấn F7 để quét giấy tờ của hồ sơ.</source>
        <translation>Save the dossier (F9) first, then press F7 to scan its papers.</translation>
    </message>
    <message>
        <source>Ảnh (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</source>
        <translation>Images (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</translation>
    </message>
    <message>
        <source>Đang đọc mã QR trong ảnh…</source>
        <translation>Reading the QR code in the image…</translation>
    </message>
    <message>
        <source>Chọn ảnh thẻ căn cước</source>
        <translation>Choose an image of the ID card</translation>
    </message>
    <message>
        <source>(dự kiến)</source>
        <translation>(provisional)</translation>
    </message>
    <message>
        <source>Bỏ thông tin đã nhập</source>
        <translation>Discard entries</translation>
    </message>
    <message>
        <source>Chưa rõ</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>trực tuyến</source>
        <translation>online</translation>
    </message>
    <message>
        <source>người</source>
        <translation>person</translation>
    </message>
    <message>
        <source>Các thông tin đã nhập sẽ bị bỏ. Hủy hồ sơ đang nhập?</source>
        <translation>What was typed will be lost. Cancel this intake?</translation>
    </message>
    <message>
        <source>Hủy tiếp nhận</source>
        <translation>Cancel intake</translation>
    </message>
    <message>
        <source>Lưu và in biên nhận (F9)</source>
        <translation>Save and print receipt (F9)</translation>
    </message>
    <message>
        <source>Lưu ý:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Tiếp tục nhập</source>
        <translation>Keep editing</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Đây không phải mã QR trên thẻ căn cước (cần bắt đầu bằng 12 chữ số và dấu |).</source>
        <translation>This is not a citizen ID card QR code (it must start with 12 digits and |).</translation>
    </message>
    <message>
        <source>Đã điền thông tin từ thẻ căn cước của %1.</source>
        <translation>Filled in from the ID card of %1.</translation>
    </message>
    <message>
        <source>đồng</source>
        <translation>VND</translation>
    </message>
    <message>
        <source>Chưa in được giấy biên nhận: %1</source>
        <translation>The receipt was not printed: %1</translation>
    </message>
    <message>
        <source>Chọn hồ sơ trong danh sách rồi nhấn Ctrl+P để in lại, hoặc “Lưu PDF…”.</source>
        <translation>Select the dossier in the list and press Ctrl+P to print it again, or “Save PDF…”.</translation>
    </message>
    <message>
        <source>Đang in giấy biên nhận…</source>
        <translation>Printing the receipt…</translation>
    </message>
    <message>
        <source>Đã in giấy biên nhận (%1).</source>
        <translation>Receipt printed (%1).</translation>
    </message>
    <message>
        <source>Đóng màn hình tiếp nhận</source>
        <translation>Close the intake screen</translation>
    </message>
    <message>
        <source>Các thông tin đã nhập sẽ bị bỏ. Bỏ hồ sơ đang nhập dở?</source>
        <translation>What was typed will be dropped. Drop the unfinished dossier?</translation>
    </message>
    <message>
        <source>Giấy biên nhận đang mở trong bản xem trước.</source>
        <translation>The receipt is open in the print preview.</translation>
    </message>
</context>
<context>
    <name>HandoverStep</name>
    <message>
        <source>Biên bản số %1, ký lúc %2 — nhân viên bưu chính: %3 — đã nhập %4 hồ sơ</source>
        <translation>Handover record %1, signed %2 — postal worker: %3 — %4 dossiers entered</translation>
    </message>
    <message>
        <source>Số biên bản chỉ gồm chữ không dấu, chữ số và các dấu / - . (được in thành mã vạch)</source>
        <translation>The record number may only have unaccented letters, digits and / - . (it is printed as a barcode)</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>Đã ghi nhận thông báo, mã %1 — giải quyết ngay, không có kết quả phải trả. Đang in…</source>
        <translation>Notice %1 recorded — settled at once, nothing to return. Printing…</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ trực tiếp</source>
        <translation>Walk-in intake</translation>
    </message>
    <message>
        <source>Đã tiếp nhận hồ sơ mã %1 — hẹn trả %2. Đang in giấy biên nhận…</source>
        <translation>Dossier %1 received — due %2. Printing the receipt…</translation>
    </message>
    <message>
        <source>Chưa lưu hồ sơ nào trong lượt này để in lại.</source>
        <translation>No dossier saved yet on this screen to print again.</translation>
    </message>
    <message>
        <source>Nhấn Ctrl+P để in lại biên nhận, hoặc “Lưu PDF…”.</source>
        <translation>Press Ctrl+P to print the receipt again, or “Save PDF…”.</translation>
    </message>
    <message>
        <source>Đã ghi nhận thông báo, mã %1 — giải quyết ngay, không có kết quả phải trả.</source>
        <translation>Notice recorded, code %1 — settled at once, no result to hand over.</translation>
    </message>
    <message>
        <source>Đã tiếp nhận hồ sơ mã %1 — hẹn trả %2.</source>
        <translation>Dossier %1 received — result due %2.</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <source>&amp;Họ và tên: *</source>
        <translation>Full &amp;name: *</translation>
    </message>
    <message>
        <source>Tên tổ c&amp;hức: *</source>
        <translation>&amp;Organisation name: *</translation>
    </message>
    <message>
        <source>Ảnh thẻ… (Ctrl+I)</source>
        <translation>Card image… (Ctrl+I)</translation>
    </message>
    <message>
        <source>Đọc mã QR từ ảnh chụp hoặc ảnh quét thẻ căn cước</source>
        <translation>Read the QR code from a photo or scan of the ID card</translation>
    </message>
    <message>
        <source>Ngày sinh phải có dạng dd/mm/yyyy, ví dụ 21/03/2003</source>
        <translation>Date of birth must be dd/mm/yyyy, e.g. 21/03/2003</translation>
    </message>
    <message>
        <source>Quét mã QR trên thẻ căn cước (F3)</source>
        <translation>Scan the ID card QR code (F3)</translation>
    </message>
    <message>
        <source>Mã &amp;QR:</source>
        <translation>&amp;QR code:</translation>
    </message>
    <message>
        <source>Quét mã QR trên thẻ căn cước — các ô của người nộp sẽ được điền tự động</source>
        <translation>Scan the ID card's QR code — the applicant's fields are filled in automatically</translation>
    </message>
    <message>
        <source>Số bộ, nơi nhận kết quả</source>
        <translation>Sets and where to collect the result</translation>
    </message>
    <message>
        <source>Số &amp;bộ hồ sơ:</source>
        <translation>Se&amp;ts:</translation>
    </message>
    <message>
        <source>&amp;Nhận kết quả:</source>
        <translation>&amp;Collect result:</translation>
    </message>
    <message>
        <source>Tại bộ phận tiếp nhận và trả kết quả</source>
        <translation>At the reception and result desk</translation>
    </message>
    <message>
        <source>Qua dịch vụ bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <source>Gh&amp;i chú:</source>
        <translation>N&amp;ote:</translation>
    </message>
    <message>
        <source>F3: quét căn cước · F4: chọn thủ tục · F9: lưu và in · F7: quét giấy tờ · Ctrl+P: in lại · Esc: đóng</source>
        <translation>F3: scan ID card · F4: choose procedure · F9: save and print · F7: scan the papers of the dossier just saved · Esc: cancel</translation>
    </message>
    <message>
        <source>Lưu và in biên nhận (F9)</source>
        <translation>Save and print receipt (F9)</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Gõ họ tên (máy quét làm mất chữ có dấu)</source>
        <translation>Type the name (the scanner lost the accented letters)</translation>
    </message>
    <message>
        <source>Gõ địa chỉ (máy quét làm mất chữ có dấu)</source>
        <translation>Type the address (the scanner lost the accented letters)</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Dừng giải quyết</source>
        <translation>Discontinued</translation>
    </message>
    <message>
        <source>Qua bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>Trực tiếp</source>
        <translation>Walk-in</translation>
    </message>
    <message>
        <source>Từ chối tiếp nhận</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <source>Đã chuyển xử lý</source>
        <translation>Being processed</translation>
    </message>
    <message>
        <source>Đã có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>Đã hủy</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>Đã tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Đã trả kết quả</source>
        <translation>Result handed over</translation>
    </message>
</context>
<context>
    <name>MailInDialog</name>
    <message>
        <source>Biên bản giao nhận số %1</source>
        <translation>Handover record %1</translation>
    </message>
    <message>
        <source>Chưa có biên bản giao nhận để in.</source>
        <translation>There is no handover record to print yet.</translation>
    </message>
    <message>
        <source>Hãy mở biên bản giao nhận trước (bước 1).</source>
        <translation>Open the handover record first (step 1).</translation>
    </message>
    <message>
        <source>Thủ tục %1 phải nộp trực tiếp tại bộ phận một cửa, không nhận hồ sơ qua bưu chính.</source>
        <translation>Procedure %1 must be filed in person at the desk; it is not accepted by post.</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ qua bưu chính</source>
        <translation>Mail-in intake</translation>
    </message>
    <message>
        <source>Đã tiếp nhận hồ sơ mã %1 (bưu gửi %2) — hẹn trả %3. Đang in giấy biên nhận…</source>
        <translation>Dossier %1 received (item %2) — due %3. Printing the receipt…</translation>
    </message>
    <message>
        <source>đang in biên bản…</source>
        <translation>printing the record…</translation>
    </message>
    <message>
        <source>Đã tiếp nhận hồ sơ mã %1 (bưu gửi %2) — hẹn trả %3.</source>
        <translation>Dossier %1 received (postal item %2) — result due %3.</translation>
    </message>
</context>
<context>
    <name>MailInForm</name>
    <message>
        <source>Ảnh thẻ… (Ctrl+I)</source>
        <translation>Card image… (Ctrl+I)</translation>
    </message>
    <message>
        <source>Đọc mã QR từ ảnh chụp hoặc ảnh quét thẻ căn cước</source>
        <translation>Read the QR code from a photo or scan of the ID card</translation>
    </message>
    <message>
        <source> đồng</source>
        <translation> VND</translation>
    </message>
    <message>
        <source>&amp;Ký lúc: *</source>
        <translation>&amp;Signed at: *</translation>
    </message>
    <message>
        <source>&amp;Nhân viên bưu chính: *</source>
        <translation>Postal &amp;worker: *</translation>
    </message>
    <message>
        <source>Bước 1 — Biên bản giao nhận hồ sơ với nhân viên bưu chính</source>
        <translation>Step 1 — Handover record signed with the postal worker</translation>
    </message>
    <message>
        <source>Bước 2 — Từng bưu gửi: số hiệu, người gửi (F3: quét căn cước)</source>
        <translation>Step 2 — Each item: number and sender (F3: scan the ID card)</translation>
    </message>
    <message>
        <source>Enter: mở biên bản · F9: lưu và in biên nhận · Ctrl+P: in biên bản · Esc: đóng</source>
        <translation>Enter: open the record · F9: save and print receipt · Ctrl+P: print the record · Esc: close</translation>
    </message>
    <message>
        <source>Ghi chú:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Hồ sơ đã nhập theo biên bản này</source>
        <translation>Dossiers entered under this record</translation>
    </message>
    <message>
        <source>In biên bản giao nhận (Ctrl+P)</source>
        <translation>Print handover record (Ctrl+P)</translation>
    </message>
    <message>
        <source>Biên bản mới (Ctrl+N)</source>
        <translation>New handover (Ctrl+N)</translation>
    </message>
    <message>
        <source>Không nộp</source>
        <translation>Not paid</translation>
    </message>
    <message>
        <source>Lưu và in biên nhận (F9)</source>
        <translation>Save and print receipt (F9)</translation>
    </message>
    <message>
        <source>Lệ phí nộp qua bưu điện:</source>
        <translation>Fee paid at the post office:</translation>
    </message>
    <message>
        <source>Mã &amp;QR:</source>
        <translation>&amp;QR code:</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Mặc định là địa chỉ của người nộp</source>
        <translation>The applicant's address by default</translation>
    </message>
    <message>
        <source>Mở biên bản (Enter)</source>
        <translation>Open the record (Enter)</translation>
    </message>
    <message>
        <source>Người gửi</source>
        <translation>Sender</translation>
    </message>
    <message>
        <source>Quét mã QR trên thẻ căn cước (bản chụp trong hồ sơ) — các ô người gửi được điền tự động</source>
        <translation>Scan the ID card QR code (copy in the dossier) — the sender fields are filled in</translation>
    </message>
    <message>
        <source>Quét mã vạch hoặc gõ số hiệu trên bưu gửi, ví dụ EL123456785VN</source>
        <translation>Scan the barcode or type the number on the item, e.g. EL123456785VN</translation>
    </message>
    <message>
        <source>Số &amp;biên bản: *</source>
        <translation>Record &amp;number: *</translation>
    </message>
    <message>
        <source>Số biên &amp;lai:</source>
        <translation>Receipt n&amp;o.:</translation>
    </message>
    <message>
        <source>Số hiệ&amp;u bưu gửi: *</source>
        <translation>Postal ite&amp;m number: *</translation>
    </message>
    <message>
        <source>Số hiệu bưu gửi</source>
        <translation>Postal item</translation>
    </message>
    <message>
        <source>T&amp;rả kết quả qua bưu chính (địa chỉ in trên biên nhận, phong bì có cửa sổ)</source>
        <translation>&amp;Return the result by post (address printed on the receipt, window envelope)</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>ví dụ 15/BBGN</source>
        <translation>e.g. 15/BBGN</translation>
    </message>
    <message>
        <source>ví dụ Bưu cục Sài Gòn</source>
        <translation>e.g. Saigon post office</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Đơn &amp;vị bưu chính:</source>
        <translation>Postal &amp;unit:</translation>
    </message>
    <message>
        <source>Để trống: gửi về địa chỉ người gửi</source>
        <translation>Empty: send to the sender address</translation>
    </message>
    <message>
        <source>Địa chỉ gửi, trả kết quả, lệ phí</source>
        <translation>Addresses, result delivery, fee</translation>
    </message>
    <message>
        <source>Địa chỉ ngườ&amp;i gửi: *</source>
        <translation>Sen&amp;der address: *</translation>
    </message>
    <message>
        <source>Địa chỉ nhận kết quả:</source>
        <translation>Return address:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Thống &amp;kê tiếp nhận…</source>
        <translation>Intake &amp;dashboard…</translation>
    </message>
    <message>
        <source>&amp;Hàng đợi đồng bộ…</source>
        <translation>Sync &amp;queue…</translation>
    </message>
    <message>
        <source>Có cập nhật từ máy chủ không áp dụng được (xem Nhật ký hệ thống): %1</source>
        <translation>Some updates from the server could not be applied (see the audit log): %1</translation>
    </message>
    <message>
        <source>&amp;Quét xấp hồ sơ có tờ bìa</source>
        <translation>S&amp;can a stack with cover sheets</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ &amp;mới</source>
        <translation>&amp;New intake</translation>
    </message>
    <message>
        <source>&amp;Xem hồ sơ đang chọn</source>
        <translation>&amp;Open selected dossier</translation>
    </message>
    <message>
        <source>&amp;In lại biên nhận</source>
        <translation>&amp;Reprint receipt</translation>
    </message>
    <message>
        <source>&amp;Tìm kiếm</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>&amp;Làm mới danh sách</source>
        <translation>Re&amp;fresh list</translation>
    </message>
    <message>
        <source>Cài đặt &amp;máy in…</source>
        <translation>&amp;Printer settings…</translation>
    </message>
    <message>
        <source>&amp;Thoát</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Hồ sơ</source>
        <translation>&amp;Dossier</translation>
    </message>
    <message>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>%1 — bàn %2 — cán bộ: %3</source>
        <translation>%1 — desk %2 — officer: %3</translation>
    </message>
    <message>
        <source>Chọn một hồ sơ trong danh sách để in lại biên nhận.</source>
        <translation>Select a dossier in the list to reprint its receipt.</translation>
    </message>
    <message>
        <source>&amp;Cài đặt</source>
        <translation>S&amp;ettings</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ — %1, bàn %2</source>
        <translation>Dossier reception — %1, desk %2</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Dossier reception</translation>
    </message>
    <message>
        <source>Đang mở bàn tiếp nhận…</source>
        <translation>Opening the desk…</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ qua &amp;bưu chính</source>
        <translation>Mail-&amp;in intake</translation>
    </message>
    <message>
        <source>&amp;Khóa màn hình</source>
        <translation>&amp;Lock the screen</translation>
    </message>
    <message>
        <source>&amp;Nhật ký hệ thống…</source>
        <translation>&amp;Audit trail…</translation>
    </message>
    <message>
        <source>Chưa đăng nhập</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>Đã khóa</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>&amp;Tài khoản và mật khẩu…</source>
        <translation>A&amp;ccounts and password…</translation>
    </message>
    <message>
        <source>Đồng bộ: lỗi</source>
        <translation>Sync: error</translation>
    </message>
    <message>
        <source>Đồng bộ: trạm chưa đăng ký máy chủ</source>
        <translation>Sync: this station is not enrolled</translation>
    </message>
    <message>
        <source>IT đăng ký trạm bằng lệnh desk-app enroll</source>
        <translation>IT enrols the station with desk-app enroll</translation>
    </message>
    <message>
        <source>chưa có</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Đồng bộ: trực tuyến</source>
        <translation>Sync: online</translation>
    </message>
    <message>
        <source>Đồng bộ: ngoại tuyến</source>
        <translation>Sync: offline</translation>
    </message>
    <message>
        <source>%1 chờ gửi — lần cuối %2</source>
        <translation>%1 queued — last %2</translation>
    </message>
    <message>
        <source>%1 cần xử lý</source>
        <translation>%1 need attention</translation>
    </message>
    <message>
        <source>&amp;Gửi lại ngay lên máy chủ</source>
        <translation>&amp;Retry sending now</translation>
    </message>
    <message>
        <source>Màn hình đang khóa: đăng nhập rồi mới thoát được chương trình.</source>
        <translation>The screen is locked: log in before closing the program.</translation>
    </message>
    <message>
        <source>Máy quét &amp;thẻ căn cước…</source>
        <translation>ID &amp;card scanner…</translation>
    </message>
    <message>
        <source>Máy quét đọc được một mã không phải thẻ căn cước hay giấy biên nhận: %1</source>
        <translation>The scanner read a code that is neither an ID card nor a receipt: %1</translation>
    </message>
    <message>
        <source>Máy quét đọc được một mã khi đang mở một hộp thoại khác: đóng hộp thoại rồi quét lại.</source>
        <translation>The scanner read a code while another dialog is open: close it and scan again.</translation>
    </message>
</context>
<context>
    <name>MainWindowForm</name>
    <message>
        <source>Tiếp nhận hồ sơ mới (F2)</source>
        <translation>New intake (F2)</translation>
    </message>
    <message>
        <source>In lại biên nhận (Ctrl+P)</source>
        <translation>Reprint receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>N&amp;gày nhận:</source>
        <translation>Received &amp;on:</translation>
    </message>
    <message>
        <source>Hôm na&amp;y</source>
        <translation>Toda&amp;y</translation>
    </message>
    <message>
        <source>&amp;Mọi ngày</source>
        <translation>&amp;All days</translation>
    </message>
    <message>
        <source>Tìm &amp;kiếm:</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <source>Quét mã biên nhận, hoặc nhập mã hồ sơ, số định danh, họ tên (không cần dấu) — Ctrl+F</source>
        <translation>Scan a receipt, or type a dossier code, ID number or name (no diacritics needed) — Ctrl+F</translation>
    </message>
    <message>
        <source>Hồ sơ đã tiếp nhận</source>
        <translation>Dossiers received</translation>
    </message>
    <message>
        <source>Chưa có hồ sơ nào trong ngày này. Nhấn F2 để tiếp nhận hồ sơ mới.</source>
        <translation>No dossier on this day yet. Press F2 to receive a new dossier.</translation>
    </message>
    <message>
        <source>Hồ sơ qua bưu chính (F6)</source>
        <translation>Mail-in intake (F6)</translation>
    </message>
    <message>
        <source>Kê&amp;nh:</source>
        <translation>C&amp;hannel:</translation>
    </message>
    <message>
        <source>Trạng &amp;thái:</source>
        <translation>S&amp;tatus:</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Đã xảy ra lỗi ngoài dự kiến. Hãy báo cho bộ phận CNTT; chi tiết đã được ghi vào nhật ký.</source>
        <translation>An unexpected error occurred. Please tell IT; the details were written to the log.</translation>
    </message>
    <message>
        <source>Báo cáo lỗi (không có dữ liệu công dân): %1</source>
        <translation>Error report (no citizen's data): %1</translation>
    </message>
    <message>
        <source>Không thực hiện được</source>
        <translation>Could not do it</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Lỗi chương trình</source>
        <translation>Program error</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PrintSettings</name>
    <message>
        <source>Lưu thành tệp PDF (thư mục receipts)</source>
        <translation>Save as a PDF file (receipts folder)</translation>
    </message>
    <message>
        <source>Cài đặt in biên nhận</source>
        <translation>Receipt printing settings</translation>
    </message>
    <message>
        <source>Máy in mặc định của hệ thống</source>
        <translation>System default printer</translation>
    </message>
    <message>
        <source>(không tìm thấy)</source>
        <translation>(not found)</translation>
    </message>
</context>
<context>
    <name>PrintSettingsForm</name>
    <message>
        <source>&amp;Máy in:</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <source>Khi nhấn F9:</source>
        <translation>On F9:</translation>
    </message>
    <message>
        <source>In &amp;ngay biên nhận</source>
        <translation>Print the receipt at o&amp;nce</translation>
    </message>
    <message>
        <source>&amp;Xem trước rồi mới in</source>
        <translation>Pre&amp;view first</translation>
    </message>
    <message>
        <source>&amp;Khổ giấy:</source>
        <translation>Pa&amp;per:</translation>
    </message>
    <message>
        <source>A5 (mỗi liên một tờ)</source>
        <translation>A5 (one copy per sheet)</translation>
    </message>
    <message>
        <source>A4 (hai liên trên một tờ)</source>
        <translation>A4 (both copies on one sheet)</translation>
    </message>
    <message>
        <source>Nếu máy in không sẵn sàng, hồ sơ vẫn được lưu; có thể in lại biên nhận bằng Ctrl+P.</source>
        <translation>If the printer is not ready the dossier is still saved; reprint the receipt with Ctrl+P.</translation>
    </message>
    <message>
        <source>Lưu (Enter)</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>K&amp;hi nhấn F9:</source>
        <translation>W&amp;hen F9 is pressed:</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Không gửi được lệnh in tới máy in “%1”.</source>
        <translation>Could not send the job to printer “%1”.</translation>
    </message>
    <message>
        <source>Máy tính chưa có máy in mặc định. Hãy chọn máy in trong Cài đặt → Máy in.</source>
        <translation>This computer has no default printer. Choose one in Settings → Printer.</translation>
    </message>
    <message>
        <source>Hồ sơ %1 đã được lưu; có thể in lại biên nhận bằng Ctrl+P.</source>
        <translation>Dossier %1 is saved; reprint its receipt with Ctrl+P.</translation>
    </message>
    <message>
        <source>Máy in “%1” đang báo lỗi hoặc ngoại tuyến. Hãy kiểm tra nguồn, giấy và cáp của máy in.</source>
        <translation>Printer “%1” reports an error or is offline. Check its power, paper and cable.</translation>
    </message>
    <message>
        <source>Máy in ngừng nhận trang khi đang in.</source>
        <translation>The printer stopped accepting pages while printing.</translation>
    </message>
    <message>
        <source>Máy in “%1” báo lỗi khi in.</source>
        <translation>Printer “%1” reported an error while printing.</translation>
    </message>
    <message>
        <source>Xem trước biên nhận %1</source>
        <translation>Receipt preview %1</translation>
    </message>
    <message>
        <source>Không tìm thấy máy in “%1”. Hãy kiểm tra máy in hoặc chọn máy in khác trong Cài đặt → Máy in.</source>
        <translation>Printer “%1” was not found. Check the printer or choose another in Settings → Printer.</translation>
    </message>
    <message>
        <source>Không đọc được tệp cần in %1</source>
        <translation>Cannot read the file to print %1</translation>
    </message>
    <message>
        <source>Thiếu thành phần QtPdf (gói PySide6-Pdf) nên không in được; hãy cài lại ứng dụng.</source>
        <translation>The QtPdf component (PySide6-Pdf package) is missing, so nothing can be printed; please reinstall the application.</translation>
    </message>
    <message>
        <source>Tệp cần in không có trang nào</source>
        <translation>The file to print has no page</translation>
    </message>
    <message>
        <source>Hồ sơ %1 đã được lưu; in lại biên nhận bằng Ctrl+P, hoặc bấm “Lưu PDF…”.</source>
        <translation>Dossier %1 is saved; print the receipt again with Ctrl+P, or click “Save PDF…”.</translation>
    </message>
    <message>
        <source>Không tìm thấy máy in “%1”. Hãy kiểm tra máy in hoặc chọn máy in khác trong Cài đặt → Cài đặt máy in…</source>
        <translation>Printer “%1” not found. Check the printer or choose another one in Settings → Printer settings…</translation>
    </message>
    <message>
        <source>Lưu PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>Lưu PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Máy tính chưa có máy in mặc định. Hãy chọn máy in trong Cài đặt → Cài đặt máy in….</source>
        <translation>This computer has no default printer. Choose a printer in Settings → Printer settings….</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>Đã lưu %1</source>
        <translation>Saved %1</translation>
    </message>
</context>
<context>
    <name>ProcedureForm</name>
    <message>
        <source>Thời hạn của thủ tục này tùy trường hợp: chọn trường hợp của hồ sơ</source>
        <translation>This procedure's time limit depends on the case: pick the dossier's case</translation>
    </message>
    <message>
        <source>Gõ tên (không cần dấu) hoặc mã thủ tục, ví dụ: ho chieu</source>
        <translation>Type the name (no diacritics needed) or code, e.g. ho chieu</translation>
    </message>
    <message>
        <source>Lệ phí:</source>
        <translation>Fee:</translation>
    </message>
    <message>
        <source>Ngày hẹn trả:</source>
        <translation>Due date:</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ đã nhận (đánh dấu giấy tờ công dân nộp; * là giấy tờ bắt buộc):</source>
        <translation>Papers received (tick what the citizen hands in; * = mandatory):</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết:</source>
        <translation>Time limit:</translation>
    </message>
    <message>
        <source>Thủ tụ&amp;c (F4): *</source>
        <translation>Pro&amp;cedure (F4): *</translation>
    </message>
    <message>
        <source>Thủ tục hành chính</source>
        <translation>Administrative procedure</translation>
    </message>
    <message>
        <source>Tên thủ tục:</source>
        <translation>Procedure name:</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <source>%1 ngày</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>giải quyết ngay khi tiếp nhận</source>
        <translation>done at once, on receipt</translation>
    </message>
    <message>
        <source>nửa ngày làm việc</source>
        <translation>half a working day</translation>
    </message>
    <message>
        <source>%1 ngày làm việc</source>
        <translation>%1 working days</translation>
    </message>
    <message>
        <source>%1 giờ</source>
        <translation>%1 hours</translation>
    </message>
    <message>
        <source>Thời hạn: %1</source>
        <translation>Time limit: %1</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Thiết lập bàn tiếp nhận</source>
        <translation>Set up the reception desk</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu: %1</source>
        <translation>Data folder: %1</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không khớp</source>
        <translation>The two passwords do not match</translation>
    </message>
</context>
<context>
    <name>SetupForm</name>
    <message>
        <source>Thiết lập bàn tiếp nhận và trả kết quả</source>
        <translation>Set up the reception and result desk</translation>
    </message>
    <message>
        <source>Máy này chưa được thiết lập làm bàn tiếp nhận. Nhập thông tin của cơ quan và bàn; các thông tin này được in trên giấy biên nhận và có thể sửa sau trong tệp station.toml.</source>
        <translation>This computer is not set up as a reception desk yet. Enter the agency and desk; they are printed on receipts and can be changed later in station.toml.</translation>
    </message>
    <message>
        <source>&amp;Mã định danh cơ quan: *</source>
        <translation>Agency &amp;code: *</translation>
    </message>
    <message>
        <source>ví dụ: G01.79.760.001</source>
        <translation>e.g. G01.79.760.001</translation>
    </message>
    <message>
        <source>&amp;Tên cơ quan tiếp nhận: *</source>
        <translation>Receiving agency &amp;name: *</translation>
    </message>
    <message>
        <source>ví dụ: Công an phường Sài Gòn</source>
        <translation>e.g. Công an phường Sài Gòn</translation>
    </message>
    <message>
        <source>Số &amp;bàn: *</source>
        <translation>&amp;Desk number: *</translation>
    </message>
    <message>
        <source>Cơ quan &amp;cấp trên:</source>
        <translation>&amp;Parent agency:</translation>
    </message>
    <message>
        <source>ví dụ: Công an TP. Hồ Chí Minh</source>
        <translation>e.g. Công an TP. Hồ Chí Minh</translation>
    </message>
    <message>
        <source>Đị&amp;a danh:</source>
        <translation>P&amp;lace:</translation>
    </message>
    <message>
        <source>in trước ngày tháng trên biên nhận, ví dụ: TP. Hồ Chí Minh</source>
        <translation>printed before the date on receipts, e.g. TP. Hồ Chí Minh</translation>
    </message>
    <message>
        <source>Cán bộ &amp;tiếp nhận:</source>
        <translation>Receiving &amp;officer:</translation>
    </message>
    <message>
        <source>họ tên in dưới mục người tiếp nhận</source>
        <translation>name printed under the receiving officer</translation>
    </message>
    <message>
        <source>&amp;Ngôn ngữ giao diện:</source>
        <translation>Interface &amp;language:</translation>
    </message>
    <message>
        <source>Tiếng Việt</source>
        <translation>Tiếng Việt</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Thiết lập</source>
        <translation>Set up</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>&amp;Họ tên quản trị:</source>
        <translation>Admin's &amp;full name:</translation>
    </message>
    <message>
        <source>Mật &amp;khẩu: *</source>
        <translation>Pass&amp;word: *</translation>
    </message>
    <message>
        <source>Tên đăng nhập &amp;quản trị: *</source>
        <translation>Admin's &amp;user name: *</translation>
    </message>
    <message>
        <source>Nhập &amp;lại mật khẩu: *</source>
        <translation>&amp;Repeat the password: *</translation>
    </message>
    <message>
        <source>chữ không dấu, ví dụ quantri</source>
        <translation>letters without diacritics, e.g. quantri</translation>
    </message>
    <message>
        <source>họ tên người quản trị tài khoản của trạm</source>
        <translation>the name of the person who manages the station's accounts</translation>
    </message>
    <message>
        <source>ít nhất 10 ký tự, khó đoán</source>
        <translation>at least 10 characters, hard to guess</translation>
    </message>
    <message>
        <source>Th&amp;oát</source>
        <translation>Qu&amp;it</translation>
    </message>
    <message>
        <source>Thiết lậ&amp;p</source>
        <translation>Set u&amp;p</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Dừng giải quyết hồ sơ</source>
        <translation>Processing discontinued</translation>
    </message>
    <message>
        <source>Chuyển hồ sơ cho bộ phận giải quyết</source>
        <translation>Handed over to the processing unit</translation>
    </message>
    <message>
        <source>Công dân đã bổ sung hồ sơ</source>
        <translation>The citizen supplemented the dossier</translation>
    </message>
    <message>
        <source>Gia hạn thời gian giải quyết</source>
        <translation>Time limit extended</translation>
    </message>
    <message>
        <source>Hủy hồ sơ (nhập nhầm)</source>
        <translation>Voided (entered by mistake)</translation>
    </message>
    <message>
        <source>Nhận kết quả giải quyết</source>
        <translation>Result received from processing</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ qua bưu chính</source>
        <translation>Received by post</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ, in giấy biên nhận</source>
        <translation>Dossier received, receipt printed</translation>
    </message>
    <message>
        <source>Trả kết quả</source>
        <translation>Result handed over</translation>
    </message>
    <message>
        <source>Từ chối tiếp nhận, giải quyết</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <source>bưu gửi %1</source>
        <translation>postal item %1</translation>
    </message>
    <message>
        <source>bưu gửi trả kết quả %1</source>
        <translation>outgoing item %1</translation>
    </message>
    <message>
        <source>giấy tờ đã kiểm tra: %1</source>
        <translation>ID checked: %1</translation>
    </message>
    <message>
        <source>hẹn trả %1</source>
        <translation>due %1</translation>
    </message>
    <message>
        <source>hẹn trả %1 → %2</source>
        <translation>due %1 → %2</translation>
    </message>
    <message>
        <source>người nhận: %1</source>
        <translation>collected by: %1</translation>
    </message>
    <message>
        <source>thông báo cho công dân chậm nhất ngày %1</source>
        <translation>tell the citizen by %1</translation>
    </message>
    <message>
        <source>trễ hạn</source>
        <translation>late</translation>
    </message>
    <message>
        <source>Đính kèm %1 trang quét — %2</source>
        <translation>%1 scanned page(s) attached — %2</translation>
    </message>
    <message>
        <source>hồ sơ</source>
        <translation>dossier</translation>
    </message>
    <message>
        <source>Sửa trang quét</source>
        <translation>Scanned pages edited</translation>
    </message>
    <message>
        <source>Xóa bản quét hết thời hạn lưu</source>
        <translation>Scans deleted after their retention period</translation>
    </message>
    <message>
        <source>Xử lý khác (phiên bản mới hơn ghi)</source>
        <translation>Other step (recorded by a newer version)</translation>
    </message>
    <message>
        <source>%1 trang, lưu %2 ngày sau khi trả kết quả</source>
        <translation>%1 pages, kept %2 days after the result was returned</translation>
    </message>
</context>
<context>
    <name>PageEditor</name>
    <message>
        <source>Bỏ qua %1 trang trắng.</source>
        <translation>%1 blank page(s) skipped.</translation>
    </message>
    <message>
        <source>Chưa có máy quét để quét.</source>
        <translation>No scanner to scan with.</translation>
    </message>
    <message>
        <source>Chọn tệp để đính kèm</source>
        <translation>Choose files to attach</translation>
    </message>
    <message>
        <source>Hãy chọn một trang để quét lại (đặt trang đó lên mặt kính).</source>
        <translation>Select one page to rescan (put that page on the glass).</translation>
    </message>
    <message>
        <source>Hãy chọn trang cần xoay.</source>
        <translation>Select the page(s) to turn.</translation>
    </message>
    <message>
        <source>Hãy chọn trang cần xóa.</source>
        <translation>Select the page(s) to remove.</translation>
    </message>
    <message>
        <source>Hãy chọn trang và giấy tờ khác để chuyển sang.</source>
        <translation>Select pages and another paper to move them to.</translation>
    </message>
    <message>
        <source>Hồ sơ (chung)</source>
        <translation>Dossier (general)</translation>
    </message>
    <message>
        <source>Khay nạp giấy</source>
        <translation>Document feeder</translation>
    </message>
    <message>
        <source>Mặt kính</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <source>Trang %1 — %2 dpi — %3</source>
        <translation>Page %1 — %2 dpi — %3</translation>
    </message>
    <message>
        <source>Trang quét — hồ sơ %1</source>
        <translation>Scanned pages — dossier %1</translation>
    </message>
    <message>
        <source>Tài liệu quét (*.pdf *.tif *.tiff *.jpg *.jpeg *.png)</source>
        <translation>Scanned documents (*.pdf *.tif *.tiff *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Tờ bìa hồ sơ %1</source>
        <translation>Cover sheet of dossier %1</translation>
    </message>
    <message>
        <source>hồ sơ</source>
        <translation>dossier</translation>
    </message>
    <message>
        <source>trang</source>
        <translation>page(s)</translation>
    </message>
    <message>
        <source>Đang quét…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <source>Đang đọc tệp…</source>
        <translation>Reading files…</translation>
    </message>
    <message>
        <source>Đã chuyển %1 trang sang: %2</source>
        <translation>%1 page(s) moved to: %2</translation>
    </message>
    <message>
        <source>Đã lưu %1 trang.</source>
        <translation>%1 page(s) kept.</translation>
    </message>
    <message>
        <source>Đã quét %1 trang.</source>
        <translation>%1 page(s) scanned.</translation>
    </message>
    <message>
        <source>Đã sắp xếp lại các trang.</source>
        <translation>Pages reordered.</translation>
    </message>
    <message>
        <source>Đã thêm %1 trang.</source>
        <translation>%1 page(s) added.</translation>
    </message>
    <message>
        <source>Đã xoay %1 trang.</source>
        <translation>%1 page(s) turned.</translation>
    </message>
    <message>
        <source>Đã xóa %1 trang (vẫn lưu trong lịch sử hồ sơ).</source>
        <translation>%1 page(s) removed (kept in the dossier history).</translation>
    </message>
</context>
<context>
    <name>PageEditorForm</name>
    <message>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source>&amp;Giấy tờ:</source>
        <translation>&amp;Paper:</translation>
    </message>
    <message>
        <source>&amp;Máy quét:</source>
        <translation>&amp;Scanner:</translation>
    </message>
    <message>
        <source>&amp;Quét (F7)</source>
        <translation>Sc&amp;an (F7)</translation>
    </message>
    <message>
        <source>Chuyển</source>
        <translation>Move</translation>
    </message>
    <message>
        <source>Chuyển &amp;sang:</source>
        <translation>Mo&amp;ve to:</translation>
    </message>
    <message>
        <source>Dừng quét (Esc)</source>
        <translation>Stop scanning (Esc)</translation>
    </message>
    <message>
        <source>H&amp;ai mặt</source>
        <translation>&amp;Duplex</translation>
    </message>
    <message>
        <source>In &amp;tờ bìa</source>
        <translation>Print &amp;cover sheet</translation>
    </message>
    <message>
        <source>Quét &amp;lại trang</source>
        <translation>&amp;Rescan page</translation>
    </message>
    <message>
        <source>Thêm tệp… (Ctrl+O)</source>
        <translation>Add files… (Ctrl+O)</translation>
    </message>
    <message>
        <source>Xoay phải (Ctrl+R)</source>
        <translation>Turn right (Ctrl+R)</translation>
    </message>
    <message>
        <source>Xoay trái (Ctrl+Shift+R)</source>
        <translation>Turn left (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Xóa trang (Delete)</source>
        <translation>Remove page (Delete)</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>&amp;Chuyển</source>
        <translation>&amp;Move</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>Chọn tệp xấp giấy đã quét</source>
        <translation>Choose the file of a scanned stack</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Giấy tờ</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>Hãy chọn trang trong khay và nhập mã hồ sơ.</source>
        <translation>Select pages in the tray and enter a dossier code.</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Hồ sơ %1 — %2</source>
        <translation>Dossier %1 — %2</translation>
    </message>
    <message>
        <source>Hồ sơ (chung)</source>
        <translation>Dossier (general)</translation>
    </message>
    <message>
        <source>Khay trang chưa phân loại: %1 trang</source>
        <translation>Unfiled tray: %1 page(s)</translation>
    </message>
    <message>
        <source>Quét xấp hồ sơ có tờ bìa</source>
        <translation>Scan a stack with cover sheets</translation>
    </message>
    <message>
        <source>Trang</source>
        <translation>Page</translation>
    </message>
    <message>
        <source>Tài liệu quét (*.pdf *.tif *.tiff)</source>
        <translation>Scanned documents (*.pdf *.tif *.tiff)</translation>
    </message>
    <message>
        <source>chưa phân loại</source>
        <translation>unfiled</translation>
    </message>
    <message>
        <source>trang trắng, bỏ qua</source>
        <translation>blank, skipped</translation>
    </message>
    <message>
        <source>tờ bìa</source>
        <translation>cover sheet</translation>
    </message>
    <message>
        <source>Đang quét và xếp trang…</source>
        <translation>Scanning and filing pages…</translation>
    </message>
    <message>
        <source>Đã lưu %1 trang vào hồ sơ %2.</source>
        <translation>%1 page(s) filed into dossier %2.</translation>
    </message>
    <message>
        <source>Đã xếp %1 trang vào %2 hồ sơ; %3 trang chưa phân loại.</source>
        <translation>%1 page(s) filed into %2 dossier(s); %3 page(s) unfiled.</translation>
    </message>
</context>
<context>
    <name>BatchForm</name>
    <message>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source>&amp;Giấy tờ:</source>
        <translation>&amp;Paper:</translation>
    </message>
    <message>
        <source>&amp;Máy quét:</source>
        <translation>&amp;Scanner:</translation>
    </message>
    <message>
        <source>&amp;Quét xấp (F8)</source>
        <translation>Sc&amp;an stack (F8)</translation>
    </message>
    <message>
        <source>Chọn các trang trong khay (Ctrl+nhấp để chọn nhiều), nhập mã hồ sơ rồi lưu.</source>
        <translation>Select pages in the tray (Ctrl+click for several), enter the dossier code, then file them.</translation>
    </message>
    <message>
        <source>Dừng quét (Esc)</source>
        <translation>Stop scanning (Esc)</translation>
    </message>
    <message>
        <source>H&amp;ai mặt</source>
        <translation>&amp;Duplex</translation>
    </message>
    <message>
        <source>Khay trang chưa phân loại</source>
        <translation>Unfiled tray</translation>
    </message>
    <message>
        <source>Kết quả xếp trang theo tờ bìa</source>
        <translation>Pages filed by cover sheet</translation>
    </message>
    <message>
        <source>Lưu vào hồ sơ (Ctrl+Enter)</source>
        <translation>File into dossier (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Mã &amp;hồ sơ:</source>
        <translation>Dossier &amp;code:</translation>
    </message>
    <message>
        <source>Quét mã vạch trên giấy biên nhận hoặc gõ mã hồ sơ</source>
        <translation>Scan the receipt's barcode or type the dossier code</translation>
    </message>
    <message>
        <source>Xếp từ &amp;tệp…</source>
        <translation>File from &amp;file…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>ScanControls</name>
    <message>
        <source>Đã nhận trang %1 (%2)…</source>
        <translation>Page %1 received (%2)…</translation>
    </message>
    <message>
        <source>Đen trắng</source>
        <translation>Black and white</translation>
    </message>
    <message>
        <source>Thang xám</source>
        <translation>Greyscale</translation>
    </message>
    <message>
        <source>Màu</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Đang tìm máy quét…</source>
        <translation>Looking for scanners…</translation>
    </message>
    <message>
        <source>Không tìm thấy máy quét</source>
        <translation>No scanner found</translation>
    </message>
    <message>
        <source>Không tìm thấy máy quét nào trên máy này.</source>
        <translation>No scanner was found on this PC.</translation>
    </message>
    <message>
        <source>Đang dừng sau trang hiện tại…</source>
        <translation>Stopping after the current page…</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source> (chỉ hiện %1 mục mới nhất)</source>
        <translation> (only the newest %1 are shown)</translation>
    </message>
    <message>
        <source>%1 mục</source>
        <translation>%1 entries</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Nhật ký hệ thống</source>
        <translation>Audit trail</translation>
    </message>
    <message>
        <source>Nhật ký nguyên vẹn: %1 mục, không mục nào bị sửa, xóa hay chèn.</source>
        <translation>The audit trail is intact: %1 entries, none changed, removed or inserted.</translation>
    </message>
    <message>
        <source>Nhật ký đã bị thay đổi tại mục %1: %2</source>
        <translation>The audit trail was tampered with at entry %1: %2</translation>
    </message>
    <message>
        <source>Số</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Thao tác</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Thời điểm</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Tài khoản</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>cuối nhật ký</source>
        <translation>the end of the trail</translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Đối tượng</source>
        <translation>Subject</translation>
    </message>
</context>
<context>
    <name>AuditForm</name>
    <message>
        <source>&amp;Kiểm tra tính toàn vẹn</source>
        <translation>&amp;Verify integrity</translation>
    </message>
    <message>
        <source>&amp;Lọc</source>
        <translation>&amp;Filter</translation>
    </message>
    <message>
        <source>Th&amp;ao tác:</source>
        <translation>A&amp;ction:</translation>
    </message>
    <message>
        <source>Tài kh&amp;oản:</source>
        <translation>&amp;Account:</translation>
    </message>
    <message>
        <source>&amp;Từ ngày:</source>
        <translation>F&amp;rom:</translation>
    </message>
    <message>
        <source>dd/MM/yyyy</source>
        <translation>dd/MM/yyyy</translation>
    </message>
    <message>
        <source>mọi tài khoản</source>
        <translation>all accounts</translation>
    </message>
    <message>
        <source>ví dụ login, dossier.void</source>
        <translation>e.g. login, dossier.void</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đến &amp;ngày:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>LoginForm</name>
    <message>
        <source>&amp;Họ tên:</source>
        <translation>&amp;Full name:</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Tên đăng nhập:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>Nhập &amp;lại mật khẩu:</source>
        <translation>&amp;Repeat the password:</translation>
    </message>
    <message>
        <source>họ tên in trên giấy tờ</source>
        <translation>the name printed on documents</translation>
    </message>
    <message>
        <source>ví dụ hoa.nt</source>
        <translation>e.g. hoa.nt</translation>
    </message>
    <message>
        <source>Đăng &amp;nhập</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <source>&amp;Mật khẩu mới:</source>
        <translation>New &amp;password:</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Mật khẩu của bạn đặt theo quy định cũ. Đặt mật khẩu mới để tiếp tục: ít nhất 10 ký tự, khó đoán — ví dụ một câu ngắn dễ nhớ như Lua-chin-vang-dong-2026.</source>
        <translation>Your password was set under the old rule. Set a new one to go on: at least 10 characters, hard to guess — for example a short sentence such as Lua-chin-vang-dong-2026.</translation>
    </message>
    <message>
        <source>Đặt mật khẩu mới</source>
        <translation>Set a new password</translation>
    </message>
    <message>
        <source>Đặt mật khẩu và đăng &amp;nhập</source>
        <translation>Set the password and &amp;log in</translation>
    </message>
    <message>
        <source>%1 — bàn %2</source>
        <translation>%1 — desk %2</translation>
    </message>
    <message>
        <source>&amp;Tạo tài khoản và đăng nhập</source>
        <translation>&amp;Create the account and log in</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không khớp.</source>
        <translation>The two passwords do not match.</translation>
    </message>
    <message>
        <source>Hãy nhập tên đăng nhập và mật khẩu.</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <source>Màn hình đã khóa</source>
        <translation>The screen is locked</translation>
    </message>
    <message>
        <source>Nhập tên đăng nhập và mật khẩu của bạn.</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <source>Trạm chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên; quản trị sẽ thêm tài khoản cho cán bộ và lãnh đạo.</source>
        <translation>This station has no account yet. Create the first admin account; the admin then adds the officers' and supervisors' accounts.</translation>
    </message>
    <message>
        <source>Trạm mẫu — tài khoản: %1</source>
        <translation>Demo station — accounts: %1</translation>
    </message>
    <message>
        <source>Tạo tài khoản quản trị</source>
        <translation>Create the admin account</translation>
    </message>
    <message>
        <source>Đăng &amp;nhập</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>%2 — %1. Nhập mật khẩu để tiếp tục; người khác đăng nhập sẽ không thấy hồ sơ đang nhập dở. Chỉ thoát được chương trình sau khi đăng nhập.</source>
        <translation>%2 — %1. Enter the password to go on; anyone else who logs in will not see the unsaved intake. The program can be closed only after logging in.</translation>
    </message>
    <message>
        <source>Đã tự khóa vì lâu không thao tác</source>
        <translation>Locked itself after a period of inactivity</translation>
    </message>
    <message>
        <source>Đã khóa theo yêu cầu (Khóa màn hình, Ctrl+L)</source>
        <translation>Locked on request (Lock screen, Ctrl+L)</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>&amp;Khóa tài khoản</source>
        <translation>&amp;Disable the account</translation>
    </message>
    <message>
        <source>Bấm lần nữa để khóa %1</source>
        <translation>Click again to disable %1</translation>
    </message>
    <message>
        <source>Chọn một tài khoản trong danh sách.</source>
        <translation>Choose an account in the list.</translation>
    </message>
    <message>
        <source>Cán bộ tiếp nhận</source>
        <translation>Receiving officer</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không khớp.</source>
        <translation>The two passwords do not match.</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu mới (hai lần).</source>
        <translation>Enter the new password (twice).</translation>
    </message>
    <message>
        <source>Họ tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Lãnh đạo</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Quản trị</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Tài khoản</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>Tài khoản bị khóa không đăng nhập được nữa và không mở lại được; lịch sử vẫn giữ.</source>
        <translation>A disabled account can no longer log in and cannot be enabled again; its history is kept.</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Đang xử lý…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>Đã khóa tài khoản %1.</source>
        <translation>Account %1 disabled.</translation>
    </message>
    <message>
        <source>Đã thêm tài khoản %1.</source>
        <translation>Account %1 added.</translation>
    </message>
    <message>
        <source>Đã đặt mật khẩu mới cho %1.</source>
        <translation>New password set for %1.</translation>
    </message>
    <message>
        <source>Đổi mật khẩu</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>đang dùng</source>
        <translation>active</translation>
    </message>
    <message>
        <source>đã khóa</source>
        <translation>disabled</translation>
    </message>
    <message>
        <source>đã vô hiệu hóa</source>
        <translation>disabled</translation>
    </message>
    <message>
        <source>Bấm lần nữa để vô hiệu hóa %1</source>
        <translation>Click again to disable %1</translation>
    </message>
    <message>
        <source>Tài khoản bị vô hiệu hóa không đăng nhập được nữa và không dùng lại được; lịch sử vẫn giữ. Bấm chuột lần nữa để xác nhận (phím Enter không xác nhận).</source>
        <translation>A disabled account can no longer log in and cannot be used again; its history is kept. Click again to confirm (Enter does not confirm).</translation>
    </message>
    <message>
        <source>Đã vô hiệu hóa tài khoản %1.</source>
        <translation>Account %1 disabled.</translation>
    </message>
    <message>
        <source>Vô hiệ&amp;u hóa tài khoản</source>
        <translation>Disa&amp;ble account</translation>
    </message>
</context>
<context>
    <name>AccountsForm</name>
    <message>
        <source>&amp;Họ tên:</source>
        <translation>&amp;Full name:</translation>
    </message>
    <message>
        <source>&amp;Khóa tài khoản</source>
        <translation>&amp;Disable the account</translation>
    </message>
    <message>
        <source>&amp;Mật khẩu mới:</source>
        <translation>New &amp;password:</translation>
    </message>
    <message>
        <source>Thêm tài kh&amp;oản</source>
        <translation>&amp;Add the account</translation>
    </message>
    <message>
        <source>&amp;Tên đăng nhập:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Vai trò:</source>
        <translation>R&amp;ole:</translation>
    </message>
    <message>
        <source>Nhập &amp;lại mật khẩu:</source>
        <translation>&amp;Repeat the password:</translation>
    </message>
    <message>
        <source>Tài khoản</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>chữ không dấu, ví dụ hoa.nt</source>
        <translation>letters without diacritics, e.g. hoa.nt</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đặt mật khẩu mớ&amp;i</source>
        <translation>Set a new pass&amp;word</translation>
    </message>
    <message>
        <source>Mật khẩu hiệ&amp;n tại:</source>
        <translation>Curre&amp;nt password:</translation>
    </message>
    <message>
        <source>Vô hiệ&amp;u hóa tài khoản</source>
        <translation>Disa&amp;ble account</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>OutboxDialog</name>
    <message>
        <source>%1 bản ghi chờ gửi, %2 bản ghi máy chủ từ chối cần lãnh đạo xem (trong %3 bản ghi hiện ra).</source>
        <translation>%1 records waiting to be sent, %2 refused by the server for a supervisor to look at (of %3 records shown).</translation>
    </message>
    <message>
        <source>Bản quét</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>Chọn một bản ghi đang chờ gửi hoặc cần xử lý để gửi lại.</source>
        <translation>Select a waiting or refused record to send it again.</translation>
    </message>
    <message>
        <source>Chờ gửi</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Cần xử lý</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <source>Hàng đợi đồng bộ với máy chủ trung tâm</source>
        <translation>Sync queue to the central server</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Lý do / lỗi gần nhất</source>
        <translation>Reason / last error</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Số lần thử</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Thử lại lúc</source>
        <translation>Next attempt</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Tạo lúc</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Xử lý hồ sơ</source>
        <translation>Dossier step</translation>
    </message>
    <message>
        <source>Đang gửi</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>Đã gửi</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Đã đưa %1 bản ghi vào lượt gửi tiếp theo.</source>
        <translation>%1 records put into the next sync round.</translation>
    </message>
</context>
<context>
    <name>OutboxForm</name>
    <message>
        <source>&amp;Gửi lại ngay tất cả</source>
        <translation>&amp;Send all now</translation>
    </message>
    <message>
        <source>&amp;Làm mới</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Trạng thái:</source>
        <translation>&amp;State:</translation>
    </message>
    <message>
        <source>Gửi lại mục đã &amp;chọn</source>
        <translation>Send &amp;selected again</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>C&amp;lose</translation>
    </message>
</context>
<context>
    <name>DashboardDialog</name>
    <message>
        <source>%1 hồ sơ đầu tiên (danh sách dừng ở đây)</source>
        <translation>the first %1 dossiers (the list stops here)</translation>
    </message>
    <message>
        <source>Lưu báo cáo tiếp nhận</source>
        <translation>Save the intake summary</translation>
    </message>
    <message>
        <source>%1 hồ sơ</source>
        <translation>%1 dossiers</translation>
    </message>
    <message>
        <source>Chưa gửi lên máy chủ</source>
        <translation>Not yet on the server</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Cán bộ tiếp nhận</source>
        <translation>Receiving officer</translation>
    </message>
    <message>
        <source>Cập nhật lúc %1</source>
        <translation>Updated at %1</translation>
    </message>
    <message>
        <source>Gia hạn</source>
        <translation>Extended</translation>
    </message>
    <message>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Không có hồ sơ nào được tiếp nhận trong khoảng này.</source>
        <translation>No dossier was received in this range.</translation>
    </message>
    <message>
        <source>Lưu sổ theo dõi hồ sơ</source>
        <translation>Save the register book</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Nhận lúc</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;Excel (*.xlsx)</source>
        <translation>PDF (*.pdf);;Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Qua bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Số hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Thống kê tiếp nhận hồ sơ</source>
        <translation>Intake dashboard</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Tiếp nhận theo giờ trong ngày</source>
        <translation>Received by hour of the day</translation>
    </message>
    <message>
        <source>Trả trễ hạn</source>
        <translation>Returned late</translation>
    </message>
    <message>
        <source>Trực tiếp tại quầy</source>
        <translation>Walk-in</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <source>giờ</source>
        <translation>hour</translation>
    </message>
    <message>
        <source>Đã lưu (%1 hồ sơ): %2</source>
        <translation>Saved (%1 dossiers): %2</translation>
    </message>
    <message>
        <source>Đã trả kết quả</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
</context>
<context>
    <name>DashboardForm</name>
    <message>
        <source>In &amp;báo cáo…</source>
        <translation>Print the &amp;summary…</translation>
    </message>
    <message>
        <source>&amp;Hôm nay</source>
        <translation>&amp;Today</translation>
    </message>
    <message>
        <source>&amp;Làm mới</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Từ ngày:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>In &amp;sổ theo dõi…</source>
        <translation>Print the &amp;register…</translation>
    </message>
    <message>
        <source>Thán&amp;g này</source>
        <translation>This &amp;month</translation>
    </message>
    <message>
        <source>đế&amp;n ngày:</source>
        <translation>&amp;to:</translation>
    </message>
</context>
<context>
    <name>IdScanner</name>
    <message>
        <source>Không mở được cổng %1 của máy quét thẻ căn cước (%2): kiểm tra cáp, tên cổng trong station.toml ([id_scanner] port) và chế độ của máy quét</source>
        <translation>The ID card scanner's port %1 cannot be opened (%2): check the cable, the port name in station.toml ([id_scanner] port) and the scanner's mode</translation>
    </message>
    <message>
        <source>Mất kết nối với máy quét thẻ căn cước ở cổng %1: cắm lại rồi mở lại chương trình</source>
        <translation>Lost the ID card scanner on port %1: plug it in again and restart the program</translation>
    </message>
</context>
<context>
    <name>IdScannerDialog</name>
    <message>
        <source>Chế độ bàn phím (máy quét gõ vào ô đang có con trỏ). Để giữ chữ có dấu, đặt máy quét ở chế độ bàn phím Unicode hoặc Alt-code; hoặc dùng chế độ cổng COM ([id_scanner] port).</source>
        <translation>Keyboard mode (the scanner types into the field with the cursor). To keep accented letters, set the scanner to its Unicode or Alt-code keyboard mode, or use COM port mode ([id_scanner] port).</translation>
    </message>
    <message>
        <source>Chế độ cổng nối tiếp: %1, %2 baud (đọc thẳng dữ liệu UTF-8, ô nào có con trỏ cũng được).</source>
        <translation>Serial port mode: %1, %2 baud (UTF-8 read directly, whichever field has the cursor).</translation>
    </message>
    <message>
        <source>Không phải mã QR trên thẻ căn cước (cần bắt đầu bằng 12 chữ số và dấu |).</source>
        <translation>Not the QR code of an ID card (it must start with 12 digits and a |).</translation>
    </message>
    <message>
        <source>Máy quét thẻ căn cước</source>
        <translation>ID card scanner</translation>
    </message>
    <message>
        <source>Mã hồ sơ trên giấy biên nhận: %1 — máy quét đọc được mã vạch.</source>
        <translation>Dossier code on a receipt: %1 — the scanner reads barcodes.</translation>
    </message>
    <message>
        <source>Nhận đủ: %1, số định danh %2, sinh ngày %3, %4; địa chỉ: %5. Chữ có dấu nguyên vẹn — máy quét đã sẵn sàng.</source>
        <translation>All received: %1, ID number %2, born %3, %4; address: %5. Accented letters intact — the scanner is ready.</translation>
    </message>
    <message>
        <source>Quét &amp;thử:</source>
        <translation>&amp;Test scan:</translation>
    </message>
    <message>
        <source>Quét thử một thẻ căn cước hoặc một giấy biên nhận</source>
        <translation>Scan an ID card or a receipt to test</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>AuditWords</name>
    <message>
        <source>Bị từ chối (không có quyền)</source>
        <translation>Refused (no permission)</translation>
    </message>
    <message>
        <source>Bị từ chối: không có quyền</source>
        <translation>Refused: no permission</translation>
    </message>
    <message>
        <source>Bỏ qua danh mục hoặc lịch từ máy chủ</source>
        <translation>Catalogue or calendar from the server skipped</translation>
    </message>
    <message>
        <source>Bỏ qua thay đổi từ máy chủ</source>
        <translation>Change from the server skipped</translation>
    </message>
    <message>
        <source>Danh mục thủ tục</source>
        <translation>Procedure catalogue</translation>
    </message>
    <message>
        <source>Gửi lại ngay lên máy chủ</source>
        <translation>Send again to the server now</translation>
    </message>
    <message>
        <source>Hồ sơ: %1</source>
        <translation>Dossier: %1</translation>
    </message>
    <message>
        <source>In, xuất sổ theo dõi</source>
        <translation>Register printed or exported</translation>
    </message>
    <message>
        <source>Khóa màn hình</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <source>Khôi phục từ bản sao lưu</source>
        <translation>Restored from a backup</translation>
    </message>
    <message>
        <source>Kiểm tra nhật ký</source>
        <translation>Audit trail checked</translation>
    </message>
    <message>
        <source>Máy chủ từ chối một bản ghi</source>
        <translation>The server refused a record</translation>
    </message>
    <message>
        <source>Mọi thao tác</source>
        <translation>All actions</translation>
    </message>
    <message>
        <source>Mở biên bản giao nhận bưu chính</source>
        <translation>Postal handover record opened</translation>
    </message>
    <message>
        <source>Nhận danh mục hoặc lịch từ máy chủ</source>
        <translation>Catalogue or calendar received from the server</translation>
    </message>
    <message>
        <source>Nhận thay đổi hồ sơ từ máy chủ</source>
        <translation>Dossier change received from the server</translation>
    </message>
    <message>
        <source>Nhập danh mục thủ tục</source>
        <translation>Procedure catalogue imported</translation>
    </message>
    <message>
        <source>Sao lưu</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Sao lưu tự động hằng ngày</source>
        <translation>Daily automatic backup</translation>
    </message>
    <message>
        <source>Sao lưu, khôi phục</source>
        <translation>Backup, restore</translation>
    </message>
    <message>
        <source>Sổ theo dõi</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Sửa trang quét</source>
        <translation>Scanned pages edited</translation>
    </message>
    <message>
        <source>Thao tác khác (%1)</source>
        <translation>Other action (%1)</translation>
    </message>
    <message>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Dossier received</translation>
    </message>
    <message>
        <source>Trang quét</source>
        <translation>Scanned pages</translation>
    </message>
    <message>
        <source>Tài khoản, mật khẩu</source>
        <translation>Accounts, passwords</translation>
    </message>
    <message>
        <source>Tạo khóa khôi phục bản sao lưu</source>
        <translation>Backup recovery key created</translation>
    </message>
    <message>
        <source>Tạo tài khoản</source>
        <translation>Account created</translation>
    </message>
    <message>
        <source>Từ chối khôi phục bản sao lưu</source>
        <translation>Restore refused</translation>
    </message>
    <message>
        <source>Vô hiệu hóa tài khoản</source>
        <translation>Account disabled</translation>
    </message>
    <message>
        <source>Xóa bản quét hết thời hạn lưu</source>
        <translation>Scans deleted after their retention period</translation>
    </message>
    <message>
        <source>Xếp trang chưa phân loại vào hồ sơ</source>
        <translation>Unfiled pages filed into a dossier</translation>
    </message>
    <message>
        <source>Xếp xấp hồ sơ có tờ bìa</source>
        <translation>Stack with cover sheets filed</translation>
    </message>
    <message>
        <source>Xử lý hồ sơ</source>
        <translation>Dossier actions</translation>
    </message>
    <message>
        <source>có</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>dữ liệu mẫu</source>
        <translation>sample data</translation>
    </message>
    <message>
        <source>giấy tờ</source>
        <translation>paper</translation>
    </message>
    <message>
        <source>không</source>
        <translation>no</translation>
    </message>
    <message>
        <source>loại</source>
        <translation>kind</translation>
    </message>
    <message>
        <source>lãnh đạo duyệt</source>
        <translation>approving supervisor</translation>
    </message>
    <message>
        <source>lý do</source>
        <translation>reason</translation>
    </message>
    <message>
        <source>mã trạm</source>
        <translation>station id</translation>
    </message>
    <message>
        <source>người duyệt</source>
        <translation>approver</translation>
    </message>
    <message>
        <source>phiên bản</source>
        <translation>version</translation>
    </message>
    <message>
        <source>phải chờ (giây)</source>
        <translation>wait (seconds)</translation>
    </message>
    <message>
        <source>quyền</source>
        <translation>permission</translation>
    </message>
    <message>
        <source>số bản ghi</source>
        <translation>records</translation>
    </message>
    <message>
        <source>số mục</source>
        <translation>entries</translation>
    </message>
    <message>
        <source>số trang</source>
        <translation>pages</translation>
    </message>
    <message>
        <source>số tệp</source>
        <translation>files</translation>
    </message>
    <message>
        <source>thao tác</source>
        <translation>action</translation>
    </message>
    <message>
        <source>thủ tục</source>
        <translation>procedure</translation>
    </message>
    <message>
        <source>tài khoản đầu tiên</source>
        <translation>first account</translation>
    </message>
    <message>
        <source>vai trò</source>
        <translation>role</translation>
    </message>
    <message>
        <source>việc</source>
        <translation>what</translation>
    </message>
    <message>
        <source>Đính kèm trang quét</source>
        <translation>Scanned pages attached</translation>
    </message>
    <message>
        <source>Đăng ký trạm với máy chủ</source>
        <translation>Station enrolled with the server</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Log-in</translation>
    </message>
    <message>
        <source>Đăng nhập bằng tài khoản đã vô hiệu hóa</source>
        <translation>Log-in with a disabled account</translation>
    </message>
    <message>
        <source>Đăng nhập bằng tên không có</source>
        <translation>Log-in with an unknown name</translation>
    </message>
    <message>
        <source>Đăng nhập phải chờ (sai nhiều lần)</source>
        <translation>Log-in made to wait (many wrong passwords)</translation>
    </message>
    <message>
        <source>Đăng nhập sai mật khẩu</source>
        <translation>Log-in with a wrong password</translation>
    </message>
    <message>
        <source>Đăng nhập, mật khẩu cần đặt lại</source>
        <translation>Log-in, password must be renewed</translation>
    </message>
    <message>
        <source>Đặt mật khẩu</source>
        <translation>Password set</translation>
    </message>
    <message>
        <source>Đồng bộ với máy chủ</source>
        <translation>Sync with the server</translation>
    </message>
    <message>
        <source>theo yêu cầu (Ctrl+L)</source>
        <translation>on request (Ctrl+L)</translation>
    </message>
    <message>
        <source>lâu không thao tác</source>
        <translation>no input for a while</translation>
    </message>
</context>
</TS>
